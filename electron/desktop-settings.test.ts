import { describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_SETTINGS, DesktopSettingsError, listenAddressFor, parseDesktopSettings, serializeDesktopSettings } from './desktop-settings.js';

describe('desktop settings', () => {
  it('reads a port and the LAN switch', () => {
    expect(parseDesktopSettings('{"port": 8090, "lanServing": false}')).toEqual({ port: 8090, lanServing: false });
  });

  it('fills what is missing with the defaults: port 8080, LAN serving on', () => {
    expect(parseDesktopSettings('{}')).toEqual({ port: 8080, lanServing: true });
    expect(parseDesktopSettings('{"lanServing": false}')).toEqual({ port: 8080, lanServing: false });
    expect(DEFAULT_DESKTOP_SETTINGS).toEqual({ port: 8080, lanServing: true });
  });

  it.each([
    ['{"port": "8080"}', '"port" must be a whole number from 1 to 65535, got "8080".'],
    ['{"port": 0}', '"port" must be a whole number from 1 to 65535, got 0.'],
    ['{"port": 70000}', '"port" must be a whole number from 1 to 65535, got 70000.'],
    ['{"port": 80.5}', '"port" must be a whole number from 1 to 65535, got 80.5.'],
    ['{"lanServing": "yes"}', '"lanServing" must be true or false, got "yes".'],
    ['{"lanserving": false}', 'Unknown setting "lanserving"; the settings are "port" and "lanServing".'],
    ['[8080]', 'It must be a JSON object such as {"port": 8080, "lanServing": true}.'],
    ['null', 'It must be a JSON object such as {"port": 8080, "lanServing": true}.'],
  ])('refuses %s with a message naming the problem', (text, message) => {
    expect(() => parseDesktopSettings(text)).toThrow(new DesktopSettingsError(message));
  });

  it('refuses a file that is not JSON, saying so', () => {
    expect(() => parseDesktopSettings('{port: 8080}')).toThrow(/^It is not valid JSON \(/);
  });

  it('writes settings that read back the same', () => {
    const settings = { port: 9000, lanServing: false };
    expect(parseDesktopSettings(serializeDesktopSettings(settings))).toEqual(settings);
  });

  it('listens on every interface when LAN serving is on, on loopback only when off', () => {
    expect(listenAddressFor({ port: 8080, lanServing: true })).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(listenAddressFor({ port: 8080, lanServing: false })).toEqual({ host: '127.0.0.1', port: 8080 });
  });
});
