import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do; the rest are Electron roles (copy, paste, zoom, ...). */
export interface AppMenuActions {
  copyLanAddress(): void;
  setLanServing(enabled: boolean): void;
  openDataFolder(): void;
  showAbout(): void;
}

/** What the menu depends on. */
export interface AppMenuInput {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly lanServing: boolean;
  /** Development builds only. */
  readonly developerTools: boolean;
  readonly actions: AppMenuActions;
}

/** Stable ids of Outpost's own items, for tests and for updating the checkbox. */
export const MENU_IDS = Object.freeze({
  copyLanAddress: 'copy-lan-address',
  lanServing: 'lan-serving',
  openDataFolder: 'open-data-folder',
  about: 'about',
});

/**
 * The application menu. macOS gets its app menu (About, Hide, Quit) as its platform expects;
 * elsewhere Quit is in File and About in Help.
 */
export function appMenuTemplate(input: AppMenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const { actions } = input;
  const about: MenuItemConstructorOptions = { id: MENU_IDS.about, label: `About ${input.appName}`, click: () => actions.showAbout() };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: MENU_IDS.copyLanAddress, label: 'Copy LAN Address', accelerator: 'CmdOrCtrl+Shift+L', click: () => actions.copyLanAddress() },
      {
        id: MENU_IDS.lanServing,
        label: 'Serve Learners on the Local Network',
        type: 'checkbox',
        checked: input.lanServing,
        // Electron has already flipped `checked` when click runs.
        click: (item) => actions.setLanServing(item.checked),
      },
      { type: 'separator' },
      { id: MENU_IDS.openDataFolder, label: 'Open Data Folder', click: () => actions.openDataFolder() },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(input.developerTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: input.appName,
    submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [about] };
  return mac ? [appMenu, file, edit, view, window] : [file, edit, view, window, help];
}
