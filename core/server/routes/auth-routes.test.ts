import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_COOKIE } from '../../contract/auth.js';
import { currentUser } from '../auth/request-user.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { startAuthTestServer, type AuthTestServer, type AuthTestServerOptions } from '../auth/test-support/auth-test-server.js';
import { createTestBrowser, type TestBrowser } from '../auth/test-support/test-browser.js';

const MINUTE = 60_000;

function cookieLine(lines: readonly string[], name: string): string | undefined {
  return lines.find((line) => line.startsWith(`${name}=`));
}

describe('auth routes', () => {
  let server: AuthTestServer;
  afterEach(() => server?.close());

  async function start(options?: AuthTestServerOptions) {
    server = await startAuthTestServer(options);
    return server;
  }
  const browser = (userAgent?: string): TestBrowser => createTestBrowser(server.baseUrl, userAgent);

  describe('sign-in and the current session', () => {
    it('signs in with an HttpOnly, SameSite=Lax browser-session cookie and answers the user and session', async () => {
      await start();
      const amina = await server.addUser('amina', 'correct horse');
      const device = browser('Firefox on a tablet');
      const signIn = await device.signIn('amina', 'correct horse');
      expect(signIn.status).toBe(200);
      expect(signIn.body).toEqual({ user: amina });

      const line = cookieLine(signIn.setCookies, SESSION_COOKIE)!;
      expect(line).toMatch(/HttpOnly/);
      expect(line).toMatch(/SameSite=Lax/);
      expect(line).toMatch(/Path=\//);
      expect(line).not.toMatch(/Max-Age|Expires/i);
      expect(line).not.toMatch(/Secure/); // plain HTTP; see session-cookie-tls.test.ts

      const current = await device.request('GET', '/api/auth/session');
      expect(current.status).toBe(200);
      expect(current.body.user).toEqual(amina);
      expect(current.body.session).toMatchObject({ current: true, userAgent: 'Firefox on a tablet', address: '127.0.0.1' });
      expect(current.body.session.expiresAt).toBe(new Date(server.clock.now() + 20 * MINUTE).toISOString());
      expect(JSON.stringify(current.body)).not.toContain(device.cookie(SESSION_COOKIE));
    });

    it('makes the cookie persistent, for the session’s lifetime, only with keepSignedIn', async () => {
      await start({ sessions: { keepSignedInTimeoutMs: 7 * 24 * 60 * MINUTE } });
      await server.addUser('amina', 'pw');
      const signIn = await browser().signIn('amina', 'pw', { keepSignedIn: true });
      expect(cookieLine(signIn.setCookies, SESSION_COOKIE)).toMatch(new RegExp(`Max-Age=${7 * 24 * 60 * 60}`));
    });

    it('issues a new key at every sign-in and ends the session the browser had', async () => {
      await start();
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw');
      const firstKey = device.cookie(SESSION_COOKIE)!;
      await device.signIn('amina', 'pw');
      const secondKey = device.cookie(SESSION_COOKIE)!;
      expect(secondKey).not.toBe(firstKey);
      expect(server.sessionRows()).toBe(1);
      device.setCookie(SESSION_COOKIE, firstKey);
      expect((await device.request('GET', '/api/auth/session')).status).toBe(401);
    });

    it('answers 401 NOT_AUTHENTICATED without a session, and arms the CSRF cookie on that first GET', async () => {
      await start();
      const device = browser();
      const response = await device.request('GET', '/api/auth/session');
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'NOT_AUTHENTICATED' });
      const line = cookieLine(response.setCookies, CSRF_COOKIE)!;
      expect(line).toMatch(/SameSite=Lax/);
      expect(line).not.toMatch(/HttpOnly/);
      expect(device.cookie(CSRF_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('answers a wrong password and an unknown username alike: 401 INVALID_CREDENTIALS, nothing written', async () => {
      await start();
      await server.addUser('amina', 'pw');
      const wrongPassword = await browser().signIn('amina', 'nope');
      const unknownUser = await browser().signIn('nobody', 'nope');
      expect(wrongPassword.status).toBe(401);
      expect(unknownUser.status).toBe(401);
      expect(wrongPassword.body).toEqual(unknownUser.body);
      expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
      expect(cookieLine(wrongPassword.setCookies, SESSION_COOKIE)).toBeUndefined();
      expect(server.sessionRows()).toBe(0);
    });

    it('throttles repeated failures for one username with 429 and Retry-After, even for the right password, until the window has passed', async () => {
      await start({ throttle: { maxFailuresPerUsername: 3, maxFailuresPerAddress: 100, windowMs: 5 * MINUTE } });
      await server.addUser('amina', 'pw');
      const device = browser();
      for (let n = 0; n < 3; n += 1) expect((await device.signIn('amina', `guess ${n}`)).status).toBe(401);
      const refused = await device.signIn('amina', 'pw');
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers.get('retry-after')).toBe('300');
      expect(server.sessionRows()).toBe(0);
      // Another user from the same address is not affected.
      await server.addUser('baraka', 'pw2');
      expect((await device.signIn('baraka', 'pw2')).status).toBe(200);

      server.clock.advance(5 * MINUTE);
      expect((await device.signIn('amina', 'pw')).status).toBe(200);
    });

    it('throttles repeated failures from one address across usernames', async () => {
      await start({ throttle: { maxFailuresPerUsername: 100, maxFailuresPerAddress: 4, windowMs: 5 * MINUTE } });
      await server.addUser('amina', 'pw');
      const device = browser();
      for (let n = 0; n < 4; n += 1) expect((await device.signIn(`user${n}`, 'guess')).status).toBe(401);
      expect((await device.signIn('amina', 'pw')).status).toBe(429);
    });

    it('signs out: the key stops working and the cookie is cleared', async () => {
      await start();
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw');
      const key = device.cookie(SESSION_COOKIE)!;
      const signOut = await device.request('POST', '/api/auth/signout');
      expect(signOut.status).toBe(204);
      expect(cookieLine(signOut.setCookies, SESSION_COOKIE)).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
      expect(server.sessionRows()).toBe(0);
      device.setCookie(SESSION_COOKIE, key);
      expect((await device.request('GET', '/api/auth/session')).status).toBe(401);
      // Signing out again is harmless.
      expect((await device.request('POST', '/api/auth/signout')).status).toBe(204);
    });

    it('lists my signed-in devices, the current one marked, and no one else’s', async () => {
      await start();
      const amina = await server.addUser('amina', 'pw');
      await server.addUser('baraka', 'pw');
      const laptop = browser('Laptop');
      const phone = browser('Phone');
      await laptop.signIn('amina', 'pw');
      server.clock.advance(1);
      await phone.signIn('amina', 'pw');
      await browser().signIn('baraka', 'pw');
      const list = await laptop.request('GET', '/api/auth/sessions');
      expect(list.status).toBe(200);
      expect(list.body.sessions.map((session: { userAgent: string; current: boolean }) => [session.userAgent, session.current])).toEqual([
        ['Phone', false],
        ['Laptop', true],
      ]);
      expect(server.core.sessions.listForUser(amina.id)).toHaveLength(2);
    });

    it('signs out everywhere else and keeps this device signed in', async () => {
      await start();
      await server.addUser('amina', 'pw');
      await server.addUser('baraka', 'pw');
      const laptop = browser();
      const phone = browser();
      const tablet = browser();
      const other = browser();
      for (const device of [laptop, phone, tablet]) await device.signIn('amina', 'pw');
      await other.signIn('baraka', 'pw');
      const response = await laptop.request('DELETE', '/api/auth/sessions/others');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ signedOut: 2 });
      expect((await laptop.request('GET', '/api/auth/session')).status).toBe(200);
      expect((await phone.request('GET', '/api/auth/session')).status).toBe(401);
      expect((await tablet.request('GET', '/api/auth/session')).status).toBe(401);
      expect((await other.request('GET', '/api/auth/session')).status).toBe(200);
    });

    it('answers 401 once the user is removed, and the removed user cannot sign in again', async () => {
      await start();
      const amina = await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw');
      server.removeUser(amina.id);
      const response = await device.request('GET', '/api/auth/session');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('NOT_AUTHENTICATED');
      expect(server.sessionRows()).toBe(0);
      expect((await browser().signIn('amina', 'pw')).status).toBe(401);
    });

    it('answers 401 for an expired session and purges it', async () => {
      await start({ purgeIntervalMs: 60 * MINUTE });
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw');
      server.clock.advance(20 * MINUTE);
      expect(server.sessionRows()).toBe(1);
      expect((await device.request('GET', '/api/auth/session')).status).toBe(401);
      expect(server.sessionRows()).toBe(0);
    });

    it('keeps an active session alive past its first lifetime (sliding expiry) and re-sends a persistent cookie', async () => {
      await start();
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw', { keepSignedIn: true });
      const kept = browser();
      await server.addUser('baraka', 'pw');
      await kept.signIn('baraka', 'pw');
      for (let minute = 0; minute < 60; minute += 11) {
        server.clock.advance(11 * MINUTE);
        expect((await kept.request('GET', '/api/auth/session')).status).toBe(200);
      }
      server.clock.advance(16 * 24 * 60 * MINUTE);
      const renewed = await device.request('GET', '/api/auth/session');
      expect(renewed.status).toBe(200);
      expect(cookieLine(renewed.setCookies, SESSION_COOKIE)).toMatch(new RegExp(`Max-Age=${30 * 24 * 60 * 60}`));
    });

    it('answers 401 NOT_AUTHENTICATED, never 403 or 500, on every route that needs a user once the session is gone', async () => {
      await start();
      const amina = await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw');
      server.core.sessions.invalidateUsers([amina.id], 'user-deleted');
      for (const [method, path] of [
        ['GET', '/api/auth/session'],
        ['GET', '/api/auth/sessions'],
        ['DELETE', '/api/auth/sessions/others'],
        ['GET', '/api/session/events'],
      ] as const) {
        const response = await device.request(method, path);
        expect({ method, path, status: response.status, code: response.body?.code }).toEqual({ method, path, status: 401, code: 'NOT_AUTHENTICATED' });
      }
    });
  });

  describe('CSRF double submit', () => {
    it('refuses a state-changing request without the header, with a wrong one, or without the cookie: 403 CSRF_FAILED, nothing done', async () => {
      await start();
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.request('GET', '/api/auth/session');
      const token = device.cookie(CSRF_COOKIE)!;
      const body = { username: 'amina', password: 'pw' };

      const missing = await device.request('POST', '/api/auth/signin', body, { csrf: false });
      const wrong = await device.request('POST', '/api/auth/signin', body, { csrf: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` });
      const short = await device.request('POST', '/api/auth/signin', body, { csrf: 'x' });
      const cookieless = createTestBrowser(server.baseUrl);
      const noCookie = await cookieless.request('POST', '/api/auth/signin', body, { csrf: token });
      for (const response of [missing, wrong, short, noCookie]) {
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('CSRF_FAILED');
      }
      expect(server.sessionRows()).toBe(0);

      await device.signIn('amina', 'pw');
      const other = browser();
      await other.signIn('amina', 'pw');
      expect((await device.request('DELETE', '/api/auth/sessions/others', undefined, { csrf: false })).status).toBe(403);
      expect((await device.request('POST', '/api/auth/signout', undefined, { csrf: false })).status).toBe(403);
      expect(server.sessionRows()).toBe(2);
    });

    it('gives a new CSRF token at sign-in', async () => {
      await start();
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.request('GET', '/api/auth/session');
      const before = device.cookie(CSRF_COOKIE);
      await device.signIn('amina', 'pw');
      expect(device.cookie(CSRF_COOKIE)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(device.cookie(CSRF_COOKIE)).not.toBe(before);
    });

    it('exempts the configured prefixes, which in turn never see a cookie session', async () => {
      await start({
        csrfExemptPrefixes: ['/api/sync/'],
        extraRoutes: (app) => {
          app.post('/api/sync/ping', async (request) => ({ user: currentUser(request)?.username ?? null }));
          app.post('/api/other/ping', async (request) => ({ user: currentUser(request)?.username ?? null }));
        },
      });
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.signIn('amina', 'pw');
      const sync = await device.request('POST', '/api/sync/ping', {}, { csrf: false });
      expect(sync.status).toBe(200);
      expect(sync.body).toEqual({ user: null });
      expect((await device.request('POST', '/api/other/ping', {}, { csrf: false })).status).toBe(403);
      expect((await device.request('POST', '/api/other/ping', {})).body).toEqual({ user: 'amina' });
    });
  });

  describe('bad sign-in input', () => {
    it('answers 400 INVALID_INPUT with field details, writes nothing, counts no failure, and keeps serving', async () => {
      await start({ throttle: { maxFailuresPerUsername: 1, maxFailuresPerAddress: 1, windowMs: 5 * MINUTE } });
      await server.addUser('amina', 'pw');
      const device = browser();
      await device.request('GET', '/api/auth/session');
      const cases: { name: string; body?: unknown; rawBody?: string; path: string }[] = [
        { name: 'malformed JSON', rawBody: '{"username": "amina", "password": ', path: '' },
        { name: 'missing fields', body: {}, path: 'username' },
        { name: 'missing password', body: { username: 'amina' }, path: 'password' },
        { name: '1 MB username', body: { username: 'a'.repeat(1_000_000), password: 'pw' }, path: 'username' },
        { name: 'non-string password', body: { username: 'amina', password: 12345 }, path: 'password' },
        { name: 'unknown field', body: { username: 'amina', password: 'pw', isSuperuser: true }, path: 'isSuperuser' },
        { name: 'not an object', body: ['amina', 'pw'], path: '' },
        { name: 'wrong keepSignedIn type', body: { username: 'amina', password: 'pw', keepSignedIn: 'yes' }, path: 'keepSignedIn' },
      ];
      for (const each of cases) {
        const response = await device.request('POST', '/api/auth/signin', each.body, { rawBody: each.rawBody });
        expect({ name: each.name, status: response.status, code: response.body.code }).toEqual({ name: each.name, status: 400, code: 'INVALID_INPUT' });
        expect(response.body.details.map((detail: { path: string }) => detail.path)).toContain(each.path);
        expect(cookieLine(response.setCookies, SESSION_COOKIE)).toBeUndefined();
      }
      expect(server.sessionRows()).toBe(0);
      expect((await device.request('GET', '/api/health')).status).toBe(200);
      // None of that counted as a failed sign-in (the limit here is one).
      expect((await device.signIn('amina', 'pw')).status).toBe(200);
    });

    it('answers a body over the 1 MiB limit with 413 PAYLOAD_TOO_LARGE and keeps serving', async () => {
      await start();
      const device = browser();
      await device.request('GET', '/api/auth/session');
      const response = await device.request('POST', '/api/auth/signin', { username: 'a'.repeat(2 * 1024 * 1024), password: 'pw' });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(server.sessionRows()).toBe(0);
      expect((await device.request('GET', '/api/health')).status).toBe(200);
    });
  });
});
