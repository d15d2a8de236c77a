// The preload of every Outpost window. It runs sandboxed, so it may require only 'electron' and
// must be CommonJS (this .cts file compiles to preload.cjs). It exposes exactly `ShellInfo`.
import electron = require('electron');
import type { ShellInfo } from './shell-info.js';

// Repeated from shell-info.ts: a sandboxed preload cannot load the shell's other modules.
// preload.test.ts checks that the two stay equal.
const SHELL_INFO_CHANNEL = 'outpost:shell-info';
const SHELL_INFO_GLOBAL = 'outpost';

// The main process answers only frames on the app's origin; anything else gets null.
const reply: unknown = electron.ipcRenderer.sendSync(SHELL_INFO_CHANNEL);
const info = (reply ?? {}) as Partial<Record<keyof ShellInfo, unknown>>;
if (typeof info.apiBaseUrl === 'string' && typeof info.appVersion === 'string') {
  // Copy the two fields by name, so nothing else the reply might carry reaches the page.
  const surface = { apiBaseUrl: info.apiBaseUrl, appVersion: info.appVersion } satisfies ShellInfo;
  electron.contextBridge.exposeInMainWorld(SHELL_INFO_GLOBAL, Object.freeze(surface));
}
