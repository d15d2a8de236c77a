/**
 * Everything the preload exposes to the page, as `window.outpost`. The renderer knows nothing else
 * about Electron: it is the same UI that learners' browsers load over the LAN.
 */
export interface ShellInfo {
  /** The origin the page's API calls go to, e.g. `http://127.0.0.1:8080`. */
  readonly apiBaseUrl: string;
  /** The desktop app's version. */
  readonly appVersion: string;
}

/** The synchronous IPC channel the preload asks for the `ShellInfo` on (preload.cts repeats it). */
export const SHELL_INFO_CHANNEL = 'outpost:shell-info';

/** The global the preload exposes the `ShellInfo` as. */
export const SHELL_INFO_GLOBAL = 'outpost';
