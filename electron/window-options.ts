import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** What the window options depend on. */
export interface WindowOptionsInput {
  /** Absolute path of the compiled preload (dist/electron/preload.cjs). */
  readonly preloadPath: string;
  /** Whether the developer tools may open (development builds only). */
  readonly developerTools: boolean;
  /** The window icon (Linux and Windows; macOS takes the app bundle's icon). */
  readonly iconPath?: string;
}

/**
 * The web preferences of every Outpost window, following Electron's security checklist: the page
 * runs sandboxed, without Node, in its own JavaScript world, with web security on.
 */
export function secureWebPreferences(input: WindowOptionsInput): WebPreferences {
  return {
    preload: input.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: input.developerTools,
  };
}

/** The main window: hidden until its first paint (no white flash), titled Outpost. */
export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Outpost',
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    show: false,
    backgroundColor: '#ffffff',
    ...(input.iconPath !== undefined ? { icon: input.iconPath } : {}),
    webPreferences: secureWebPreferences(input),
  };
}
