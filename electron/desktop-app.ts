import { BrowserWindow, clipboard, dialog, ipcMain, Menu, session, shell, type App, type MessageBoxOptions } from 'electron';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { systemClock } from '../core/common/clock.js';
import { systemScheduler } from '../core/common/scheduler.js';
import { appMenuTemplate, type AppMenuActions } from './app-menu.js';
import { createCoreHostSupervisor, type HostReady, type HostState } from './core-host-supervisor.js';
import { DEFAULT_DESKTOP_SETTINGS, DESKTOP_SETTINGS_FILE, DesktopSettingsError, listenAddressFor, type DesktopSettings } from './desktop-settings.js';
import { isTrustedIpcSender } from './ipc-sender.js';
import { copyLanAddressAction } from './copy-lan-address.js';
import { lanUrls } from './lan-urls.js';
import { isExternalWebUrl } from './navigation-guard.js';
import { createRestartPolicy } from './restart-policy.js';
import { createSettingsFile } from './settings-file.js';
import { SHELL_INFO_CHANNEL, type ShellInfo } from './shell-info.js';
import { forkUtilityHost } from './utility-host-process.js';
import { guardWebContents, installSessionSecurity } from './web-security.js';
import { mainWindowOptions, secureWebPreferences } from './window-options.js';

/** How long quitting waits for the core host to checkpoint and close its databases before killing it. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

/** Where the shell finds its parts, and the environment it reads. */
export interface DesktopAppOptions {
  /** The folder of the compiled shell: dist/electron (core-host.js, preload.cjs; ../renderer beside it). */
  readonly shellDir: string;
  /** `OUTPOST_USER_DATA` moves the userData folder (tests, portable installs). */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The desktop app: one instance, a core host in a utilityProcess serving the LAN, one locked-down
 * window on 127.0.0.1, and a quit that waits for the databases to close. Every object lives in this
 * closure; main.ts only calls it.
 */
export function startDesktopApp(app: App, options: DesktopAppOptions): void {
  if (options.env.OUTPOST_USER_DATA) app.setPath('userData', resolve(options.env.OUTPOST_USER_DATA));
  // The lock lives in the userData folder, so it is taken after choosing that folder.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();

  const userData = app.getPath('userData');
  const home = join(userData, 'home');
  const settingsFile = createSettingsFile(join(userData, DESKTOP_SETTINGS_FILE));
  const preloadPath = join(options.shellDir, 'preload.cjs');
  const developerTools = !app.isPackaged;
  const windowInput = { preloadPath, developerTools };

  let settings: DesktopSettings = DEFAULT_DESKTOP_SETTINGS;
  let serving: HostReady | undefined;
  let window: BrowserWindow | undefined;
  let quitting: 'no' | 'closing-databases' | 'done' = 'no';
  const appOrigin = () => (serving ? new URL(serving.url).origin : '');

  const supervisor = createCoreHostSupervisor({
    spawn: () =>
      forkUtilityHost(join(options.shellDir, 'core-host.js'), {
        home,
        rendererDir: join(options.shellDir, '..', 'renderer'),
        ...listenAddressFor(settings),
        discovery: true,
      }),
    policy: createRestartPolicy({ clock: systemClock }),
    scheduler: systemScheduler,
  });

  const showMessage = (box: MessageBoxOptions) =>
    window && !window.isDestroyed() ? dialog.showMessageBox(window, box) : dialog.showMessageBox(box);

  const createWindow = () => {
    const created = new BrowserWindow(mainWindowOptions(windowInput));
    const reveal = () => {
      if (!created.isDestroyed() && !created.isVisible()) created.show();
    };
    created.once('ready-to-show', reveal);
    // A page that fails to load never becomes ready-to-show; show it anyway rather than nothing.
    created.webContents.once('did-fail-load', reveal);
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    return created;
  };

  const onReady = (ready: HostReady) => {
    serving = ready;
    window ??= createWindow();
    window.loadURL(`${ready.url}/`).catch((error: unknown) => console.error('outpost: the window could not load the app:', error));
  };

  const onHostState = (state: HostState) => {
    if (quitting !== 'no') return;
    if (state.kind === 'ready') onReady(state);
    if (state.kind === 'crashed' && state.decision.action === 'restart') {
      void showMessage({
        type: 'warning',
        title: 'Outpost',
        message: 'The Outpost server stopped unexpectedly and is being restarted.',
        detail: `Your data is safe: every saved change is on disk. Learners may need to reload their page.\n(exit code ${state.exitCode ?? 'none'}, restart ${state.decision.attempt})`,
      });
    }
    if (state.kind === 'crashed' && state.decision.action === 'give-up') {
      void offerRetry('The Outpost server keeps stopping.', `It stopped ${state.decision.crashes} times within a minute, so Outpost stopped restarting it. Your saved data is safe.`);
    }
    if (state.kind === 'failed') {
      const where = state.code === 'CONFIG_INVALID' ? `\n\nOutpost's port and network settings are in ${settingsFile.path}.` : '';
      void offerRetry('Outpost could not start its server.', `${state.message}${where}`);
    }
  };

  const offerRetry = async (message: string, detail: string) => {
    const { response } = await showMessage({ type: 'error', title: 'Outpost', message, detail, buttons: ['Try Again', 'Quit'], defaultId: 0, cancelId: 1 });
    if (quitting !== 'no') return;
    if (response === 0) supervisor.start().catch(() => {});
    else app.quit();
  };

  const loadSettings = (): DesktopSettings | undefined => {
    try {
      return settingsFile.load();
    } catch (error) {
      if (!(error instanceof DesktopSettingsError)) throw error;
      const choice = dialog.showMessageBoxSync({
        type: 'error',
        title: 'Outpost',
        message: 'Outpost cannot use its settings file.',
        detail: `${error.message}\n\nFile: ${settingsFile.path}\n\nFix the file and start Outpost again, or reset it to the defaults (port ${DEFAULT_DESKTOP_SETTINGS.port}, serving the local network).`,
        buttons: ['Quit', 'Reset Settings'],
        defaultId: 0,
        cancelId: 0,
      });
      if (choice !== 1) return undefined;
      settingsFile.save(DEFAULT_DESKTOP_SETTINGS);
      return DEFAULT_DESKTOP_SETTINGS;
    }
  };

  const setLanServing = async (enabled: boolean) => {
    if (quitting !== 'no' || enabled === settings.lanServing) return;
    settings = Object.freeze({ ...settings, lanServing: enabled });
    try {
      settingsFile.save(settings);
    } catch (error) {
      void showMessage({ type: 'warning', title: 'Outpost', message: 'The setting applies until Outpost quits.', detail: `It could not be saved to ${settingsFile.path}: ${String(error)}` });
    }
    refreshMenu();
    // Listening on other interfaces means a new server socket: restart the host on the new address.
    serving = undefined;
    await supervisor.shutdown(SHUTDOWN_TIMEOUT_MS);
    if (quitting === 'no') supervisor.start().catch(() => {});
  };

  const actions: AppMenuActions = {
    copyLanAddress() {
      const port = serving ? Number(new URL(serving.url).port) : settings.port;
      const action = copyLanAddressAction({ appUrl: serving?.url, lanServing: settings.lanServing, urls: lanUrls(networkInterfaces(), port) });
      if (action.kind === 'dialog') {
        const content = action.dialog;
        if (content.copyText !== undefined) clipboard.writeText(content.copyText);
        void showMessage({ type: 'info', title: content.title, message: content.message, detail: content.detail });
        return;
      }
      if (action.copyText !== undefined) clipboard.writeText(action.copyText);
      // The same Connect learners page as on a headless server: every address with its QR code.
      window ??= createWindow();
      if (window.isMinimized()) window.restore();
      window.show();
      window.loadURL(action.url).catch((error: unknown) => console.error('outpost: the window could not open Connect learners:', error));
    },
    setLanServing: (enabled) => void setLanServing(enabled),
    openDataFolder: () => void shell.openPath(home),
    showAbout() {
      const { versions } = process;
      void showMessage({
        type: 'info',
        title: 'About Outpost',
        message: `Outpost ${app.getVersion()}`,
        detail: `An offline classroom server.\n\nData folder: ${home}\nSettings: ${settingsFile.path}\n\nElectron ${versions.electron}, Chromium ${versions.chrome}, Node.js ${versions.node}`,
      });
    },
  };

  const refreshMenu = () => {
    const template = appMenuTemplate({ platform: process.platform, appName: 'Outpost', lanServing: settings.lanServing, developerTools, actions });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      appOrigin,
      openExternal: (url) => {
        // shell.openExternal hands the URL to the operating system: check the scheme once more here.
        if (isExternalWebUrl(url)) void shell.openExternal(url);
      },
      childWindowOptions: () => ({ webPreferences: secureWebPreferences(windowInput) }),
    });
  });

  ipcMain.on(SHELL_INFO_CHANNEL, (event) => {
    const trusted = serving !== undefined && isTrustedIpcSender(event.senderFrame?.url, appOrigin());
    event.returnValue = trusted ? ({ apiBaseUrl: appOrigin(), appVersion: app.getVersion() } satisfies ShellInfo) : null;
  });

  // Closing the window stops the server too: a server nobody can see or stop would surprise a teacher.
  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting === 'closing-databases') return;
    quitting = 'closing-databases';
    supervisor
      .shutdown(SHUTDOWN_TIMEOUT_MS)
      .then((outcome) => {
        if (outcome === 'killed' || outcome === 'unclean') console.error(`outpost: the server did not close cleanly (${outcome}); SQLite recovers its journal at the next start.`);
      })
      .catch((error: unknown) => console.error('outpost: shutting down the server failed:', error))
      .finally(() => {
        quitting = 'done';
        app.quit();
      });
  });

  const run = async () => {
    const loaded = loadSettings();
    if (!loaded) {
      app.quit();
      return;
    }
    settings = loaded;
    installSessionSecurity(session.defaultSession, appOrigin);
    refreshMenu();
    supervisor.onDidChangeState(onHostState);
    // Failures reach onHostState as states, with their dialog; the promise has nothing to add.
    await supervisor.start().catch(() => {});
  };

  app.whenReady().then(run).catch((error: unknown) => {
    dialog.showErrorBox('Outpost could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });
}
