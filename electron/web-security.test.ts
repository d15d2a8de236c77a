import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { guardWebContents, installSessionSecurity, type CancellableNavigation, type GuardedWebContents, type SecuredSession } from './web-security.js';

const app = 'http://127.0.0.1:8080';

/** A session that records the handlers the shell installs, so the test can call them as Electron would. */
function fakeSession() {
  const handlers: Partial<{
    headers: Parameters<SecuredSession['webRequest']['onHeadersReceived']>[0];
    request: Parameters<SecuredSession['setPermissionRequestHandler']>[0];
    check: Parameters<SecuredSession['setPermissionCheckHandler']>[0];
    device: Parameters<SecuredSession['setDevicePermissionHandler']>[0];
  }> = {};
  const session: SecuredSession = {
    webRequest: { onHeadersReceived: (listener) => void (handlers.headers = listener) },
    setPermissionRequestHandler: (handler) => void (handlers.request = handler),
    setPermissionCheckHandler: (handler) => void (handlers.check = handler),
    setDevicePermissionHandler: (handler) => void (handlers.device = handler),
  };
  return { session, handlers };
}

/** Web contents that record the guards, and a navigation event that records whether it was cancelled. */
function fakeContents() {
  const listeners = new Map<string, (event: never) => void>();
  let openHandler: Parameters<GuardedWebContents['setWindowOpenHandler']>[0] | undefined;
  const contents = {
    on: (event: string, listener: (event: never) => void) => void listeners.set(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  } as GuardedWebContents;
  const navigate = (event: 'will-navigate' | 'will-redirect', url: string) => {
    let prevented = false;
    const navigation: CancellableNavigation = { url, preventDefault: () => void (prevented = true) };
    (listeners.get(event) as (event: CancellableNavigation) => void)(navigation);
    return prevented;
  };
  return { contents, listeners, navigate, open: (url: string) => openHandler?.({ url }) };
}

function guarded() {
  const opened: string[] = [];
  const fake = fakeContents();
  guardWebContents(fake.contents, { appOrigin: () => app, openExternal: (url) => void opened.push(url), childWindowOptions: () => ({ webPreferences: { sandbox: true } }) });
  return { ...fake, opened };
}

describe('the session policies', () => {
  it('add the CSP to app responses only', () => {
    const { session, handlers } = fakeSession();
    installSessionSecurity(session, () => app);
    const answers: unknown[] = [];
    handlers.headers?.({ url: `${app}/`, responseHeaders: {} }, (response) => answers.push(response.responseHeaders));
    handlers.headers?.({ url: 'https://example.org/', responseHeaders: {} }, (response) => answers.push(response.responseHeaders));
    expect(answers).toEqual([{ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }, {}]);
  });

  it('deny permission requests and checks by default, and device access always', () => {
    const { session, handlers } = fakeSession();
    installSessionSecurity(session, () => app);
    const granted: boolean[] = [];
    handlers.request?.(null, 'media', (answer) => granted.push(answer), { requestingUrl: `${app}/` });
    handlers.request?.(null, 'clipboard-sanitized-write', (answer) => granted.push(answer), { requestingUrl: `${app}/` });
    handlers.request?.(null, 'clipboard-sanitized-write', (answer) => granted.push(answer), { requestingUrl: 'https://example.org/' });
    expect(granted).toEqual([false, true, false]);
    expect(handlers.check?.(null, 'geolocation', app)).toBe(false);
    expect(handlers.check?.(null, 'clipboard-sanitized-write', app)).toBe(true);
    expect(handlers.device?.()).toBe(false);
  });

  it('follow the app origin as it becomes known', () => {
    const { session, handlers } = fakeSession();
    let origin = '';
    installSessionSecurity(session, () => origin);
    expect(handlers.check?.(null, 'clipboard-sanitized-write', app)).toBe(false);
    origin = app;
    expect(handlers.check?.(null, 'clipboard-sanitized-write', app)).toBe(true);
  });
});

describe('the navigation guards', () => {
  it('let app pages load in the window', () => {
    const page = guarded();
    expect(page.navigate('will-navigate', `${app}/users`)).toBe(false);
    expect(page.navigate('will-redirect', `${app}/sign-in`)).toBe(false);
    expect(page.opened).toEqual([]);
  });

  it('stop other web pages and open them in the system browser', () => {
    const page = guarded();
    expect(page.navigate('will-navigate', 'https://example.org/help')).toBe(true);
    expect(page.navigate('will-redirect', 'http://127.0.0.1:9090/')).toBe(true);
    expect(page.opened).toEqual(['https://example.org/help', 'http://127.0.0.1:9090/']);
  });

  it('stop every other scheme without opening anything', () => {
    const page = guarded();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'smb://server/share']) {
      expect(page.navigate('will-navigate', url)).toBe(true);
    }
    expect(page.opened).toEqual([]);
  });

  it('let an app page open another app page in an equally locked-down window', () => {
    expect(guarded().open(`${app}/report`)).toEqual({ action: 'allow', overrideBrowserWindowOptions: { webPreferences: { sandbox: true } } });
  });

  it('deny other new windows, sending web pages to the system browser', () => {
    const page = guarded();
    expect(page.open('https://example.org/')).toEqual({ action: 'deny' });
    expect(page.open('file:///C:/Windows/system32/calc.exe')).toEqual({ action: 'deny' });
    expect(page.opened).toEqual(['https://example.org/']);
  });

  it('refuse <webview> tags', () => {
    const page = guarded();
    let prevented = false;
    (page.listeners.get('will-attach-webview') as (event: { preventDefault(): void }) => void)({ preventDefault: () => void (prevented = true) });
    expect(prevented).toBe(true);
  });
});
