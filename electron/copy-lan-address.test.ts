import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONNECT_LEARNERS_PATH, copyLanAddressAction } from './copy-lan-address.js';
import { decideNavigation } from './navigation-guard.js';

describe('File › "Copy LAN Address"', () => {
  const appUrl = 'http://127.0.0.1:8080';

  it('opens the Connect learners page on the window’s own origin and copies the first address learners type', () => {
    const action = copyLanAddressAction({ appUrl, lanServing: true, urls: ['http://192.168.1.20:8080', 'http://10.0.0.5:8080'] });
    expect(action).toEqual({ kind: 'open-page', url: 'http://127.0.0.1:8080/connect', copyText: 'http://192.168.1.20:8080' });
    // The navigation guard keeps it in the window rather than handing it to the system browser.
    expect(decideNavigation(action.kind === 'open-page' ? action.url : '', appUrl)).toBe('allow');
  });

  it('opens the page without copying anything when learners cannot reach this computer (serving itself only, or no network): the page says why', () => {
    expect(copyLanAddressAction({ appUrl, lanServing: false, urls: ['http://192.168.1.20:8080'] })).toEqual({ kind: 'open-page', url: 'http://127.0.0.1:8080/connect' });
    expect(copyLanAddressAction({ appUrl, lanServing: true, urls: [] })).toEqual({ kind: 'open-page', url: 'http://127.0.0.1:8080/connect' });
  });

  it('uses the origin only: a server URL with a path or trailing slash still opens /connect', () => {
    expect(copyLanAddressAction({ appUrl: 'http://127.0.0.1:9123/', lanServing: true, urls: ['http://192.168.1.20:9123'] })).toMatchObject({ url: 'http://127.0.0.1:9123/connect' });
  });

  it('explains in a dialog while the server is not serving yet, and copies the address when there is one', () => {
    expect(copyLanAddressAction({ appUrl: undefined, lanServing: true, urls: ['http://192.168.1.20:8080'] })).toEqual({
      kind: 'dialog',
      dialog: expect.objectContaining({ message: 'Learners open http://192.168.1.20:8080 in their browser.', copyText: 'http://192.168.1.20:8080' }),
    });
    expect(copyLanAddressAction({ appUrl: undefined, lanServing: false, urls: [] })).toMatchObject({ kind: 'dialog', dialog: { message: 'Outpost is serving this computer only.' } });
  });

  it('points at a page the renderer really has', () => {
    const routes = readFileSync(new URL('../renderer/src/routes.tsx', import.meta.url), 'utf8');
    expect(routes).toContain(`path: '${CONNECT_LEARNERS_PATH.slice(1)}'`);
  });
});
