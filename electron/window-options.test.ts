import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from './window-options.js';

describe('window options', () => {
  const input = { preloadPath: '/app/dist/electron/preload.cjs', developerTools: false };

  it('locks the page down as Electron’s security checklist asks', () => {
    const preferences = mainWindowOptions(input).webPreferences;
    expect(preferences).toMatchObject({
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
    });
  });

  it('loads the preload it is given and nothing else', () => {
    expect(mainWindowOptions(input).webPreferences?.preload).toBe('/app/dist/electron/preload.cjs');
  });

  it('allows the developer tools only when asked (development builds)', () => {
    expect(mainWindowOptions(input).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions({ ...input, developerTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('stays hidden until its first paint and is titled Outpost', () => {
    const options = mainWindowOptions(input);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Outpost');
  });

  it('gives windows that app pages open the same preferences as the main window', () => {
    expect(secureWebPreferences(input)).toEqual(mainWindowOptions(input).webPreferences);
  });
});
