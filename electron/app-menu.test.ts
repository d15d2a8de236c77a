import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate, MENU_IDS, type AppMenuActions } from './app-menu.js';

const actions = (): AppMenuActions => ({ copyLanAddress: vi.fn(), setLanServing: vi.fn(), openDataFolder: vi.fn(), showAbout: vi.fn() });

/** Every item of the template, submenus included. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}
const byId = (template: MenuItemConstructorOptions[], id: string) => items(template).find((item) => item.id === id);
const roles = (template: MenuItemConstructorOptions[]) => items(template).flatMap((item) => (item.role ? [item.role] : []));
const click = (item: MenuItemConstructorOptions | undefined, checked?: boolean) =>
  (item?.click as unknown as (menuItem: { checked?: boolean }) => void)({ checked });

describe('the application menu', () => {
  const input = { platform: 'linux' as const, appName: 'Outpost', lanServing: true, developerTools: false };

  it('has File, Edit, View, Window and Help', () => {
    expect(appMenuTemplate({ ...input, actions: actions() }).map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
  });

  it('offers "Copy LAN Address", which copies the address learners type', () => {
    const menuActions = actions();
    const item = byId(appMenuTemplate({ ...input, actions: menuActions }), MENU_IDS.copyLanAddress);
    expect(item?.label).toBe('Copy LAN Address');
    click(item);
    expect(menuActions.copyLanAddress).toHaveBeenCalledOnce();
  });

  it('has a checkbox for LAN serving that shows the setting and turns it off and on', () => {
    const menuActions = actions();
    const item = byId(appMenuTemplate({ ...input, lanServing: true, actions: menuActions }), MENU_IDS.lanServing);
    expect(item).toMatchObject({ type: 'checkbox', checked: true, label: 'Serve Learners on the Local Network' });
    expect(byId(appMenuTemplate({ ...input, lanServing: false, actions: menuActions }), MENU_IDS.lanServing)?.checked).toBe(false);
    click(item, false);
    expect(menuActions.setLanServing).toHaveBeenCalledWith(false);
  });

  it('opens the data folder and shows About', () => {
    const menuActions = actions();
    const template = appMenuTemplate({ ...input, actions: menuActions });
    click(byId(template, MENU_IDS.openDataFolder));
    click(byId(template, MENU_IDS.about));
    expect(menuActions.openDataFolder).toHaveBeenCalledOnce();
    expect(menuActions.showAbout).toHaveBeenCalledOnce();
  });

  it('has the usual editing, zoom, window and quit items', () => {
    expect(roles(appMenuTemplate({ ...input, actions: actions() }))).toEqual(
      expect.arrayContaining(['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen', 'minimize', 'close']),
    );
  });

  it('offers the developer tools only in development builds', () => {
    expect(roles(appMenuTemplate({ ...input, actions: actions() }))).not.toContain('toggleDevTools');
    expect(roles(appMenuTemplate({ ...input, developerTools: true, actions: actions() }))).toContain('toggleDevTools');
  });

  it('follows macOS conventions there: an Outpost menu with About and Quit, no Help or Quit in File', () => {
    const template = appMenuTemplate({ ...input, platform: 'darwin', actions: actions() });
    expect(template.map((item) => item.label)).toEqual(['Outpost', 'File', 'Edit', 'View', 'Window']);
    const appMenu = template[0]?.submenu as MenuItemConstructorOptions[];
    expect(appMenu.map((item) => item.id ?? item.role ?? item.type)).toEqual(['about', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(roles([template[1] as MenuItemConstructorOptions])).not.toContain('quit');
    expect(byId(template, MENU_IDS.copyLanAddress)).toBeDefined();
  });
});
