import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from '../core/index.js';

// The thin desktop shell: start the core, show its UI in a locked-down window.
let core: Core | undefined;

async function start(): Promise<void> {
  core = await createCore({ home: join(app.getPath('userData'), 'home'), rendererDir: join(import.meta.dirname, '..', 'renderer') });
  const url = await core.listen({ port: 0, host: '127.0.0.1' });
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  await window.loadURL(url);
}

app.whenReady().then(start, (error: unknown) => {
  console.error(error);
  app.exit(1);
});
app.on('window-all-closed', () => {
  void core?.close().finally(() => app.quit());
});
