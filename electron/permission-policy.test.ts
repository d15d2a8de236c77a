import { describe, expect, it } from 'vitest';
import { isTrustedIpcSender } from './ipc-sender.js';
import { isPermissionGranted } from './permission-policy.js';

const app = 'http://127.0.0.1:8080';

describe('the permission policy', () => {
  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial', 'usb', 'display-capture', 'fullscreen', 'pointerLock', 'midiSysex', 'unknown'])(
    'denies %s even to the app',
    (permission) => {
      expect(isPermissionGranted(permission, `${app}/`, app)).toBe(false);
    },
  );

  it('lets the app write to the clipboard (a "copy address" button), and no other page', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', `${app}/users`, app)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', app, app)).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://example.org/', app)).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', 'http://127.0.0.1:9999/', app)).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write', undefined, app)).toBe(false);
  });
});

describe('the IPC sender check', () => {
  it('answers frames on the app origin only', () => {
    expect(isTrustedIpcSender(`${app}/`, app)).toBe(true);
    expect(isTrustedIpcSender(`${app}/setup?step=2`, app)).toBe(true);
    expect(isTrustedIpcSender('http://127.0.0.1:8081/', app)).toBe(false);
    expect(isTrustedIpcSender('https://example.org/', app)).toBe(false);
    expect(isTrustedIpcSender('file:///tmp/evil.html', app)).toBe(false);
    expect(isTrustedIpcSender('about:blank', app)).toBe(false);
    expect(isTrustedIpcSender('', app)).toBe(false);
    expect(isTrustedIpcSender(null, app)).toBe(false);
  });

  it('trusts nobody before the app origin is known', () => {
    expect(isTrustedIpcSender(`${app}/`, '')).toBe(false);
  });
});
