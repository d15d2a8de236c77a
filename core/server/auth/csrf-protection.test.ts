import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/logger.js';
import { CSRF_COOKIE } from '../../contract/auth.js';
import { openDatabaseSet, type DatabaseSet } from '../../db/database-set.js';
import { RouterChain } from '../../db/router-chain.js';
import { cryptoRandomSource } from '../../common/random-source.js';
import { createSessionManager } from '../../sessions/session-manager.js';
import { sessionMigrations } from '../../sessions/session-migrations.js';
import { sessionRouter } from '../../sessions/session-router.js';
import { createSqliteSessionStore } from '../../sessions/session-store.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { installErrorHandler } from '../error-handler.js';
import { rawRequest } from '../test-support/raw-request.js';
import { installAuth } from './install-auth.js';
import { currentUser } from './request-user.js';
import { startAuthTestServer, type AuthTestServer } from './test-support/auth-test-server.js';
import { createTestBrowser } from './test-support/test-browser.js';
import { emptyUserDirectory } from './user-directory.js';

const FORGED = 'B'.repeat(43);

describe('CSRF protection', () => {
  const servers: AuthTestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  async function start(): Promise<AuthTestServer> {
    const server = await startAuthTestServer();
    servers.push(server);
    return server;
  }

  it('refuses a cookie and header pair the server never issued (43 × "B"): 403 CSRF_FAILED, no session made', async () => {
    const server = await start();
    await server.addUser('amina', 'pw');
    const device = createTestBrowser(server.baseUrl);
    device.setCookie(CSRF_COOKIE, FORGED);
    const forged = await device.request('POST', '/api/auth/signin', { username: 'amina', password: 'pw' }, { csrf: FORGED });
    expect([forged.status, forged.body.code]).toEqual([403, 'CSRF_FAILED']);
    expect(server.sessionRows()).toBe(0);
  });

  it('refuses a forged pair on a signed-in session too: signing out with it fails and the session stays', async () => {
    const server = await start();
    await server.addUser('amina', 'pw');
    const device = createTestBrowser(server.baseUrl);
    expect((await device.signIn('amina', 'pw')).status).toBe(200);
    device.setCookie(CSRF_COOKIE, FORGED);
    expect((await device.request('POST', '/api/auth/signout', undefined, { csrf: FORGED })).status).toBe(403);
    expect(server.sessionRows()).toBe(1);
  });

  it('refuses another core’s token (or one from before a restart); the next GET issues a valid one and the retry works, as the renderer does', async () => {
    const server = await start();
    const other = await start();
    await server.addUser('amina', 'pw');
    const foreign = createTestBrowser(other.baseUrl);
    await foreign.request('GET', '/api/health');
    const foreignToken = foreign.cookie(CSRF_COOKIE)!;
    expect(foreignToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const device = createTestBrowser(server.baseUrl);
    device.setCookie(CSRF_COOKIE, foreignToken);
    const refused = await device.request('POST', '/api/auth/signin', { username: 'amina', password: 'pw' });
    expect([refused.status, refused.body.code]).toEqual([403, 'CSRF_FAILED']);
    // The renderer's recovery: a GET under /api/ replaces a token it does not recognise.
    const armed = await device.request('GET', '/api/health');
    expect(armed.setCookies.some((line) => line.startsWith(`${CSRF_COOKIE}=`))).toBe(true);
    expect(device.cookie(CSRF_COOKIE)).not.toBe(foreignToken);
    expect((await device.request('POST', '/api/auth/signin', { username: 'amina', password: 'pw' })).status).toBe(200);
    // A valid token is left alone by later GETs.
    const kept = device.cookie(CSRF_COOKIE);
    expect((await device.request('GET', '/api/health')).setCookies.some((line) => line.startsWith(`${CSRF_COOKIE}=`))).toBe(false);
    expect(device.cookie(CSRF_COOKIE)).toBe(kept);
  });
});

describe('CSRF and session checks judge the routed path', () => {
  let home: TempHome | undefined;
  let databases: DatabaseSet | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await databases?.close();
    home?.remove();
  });

  // The auth layer alone, without the core's canonical-target guard in front: a second line of
  // defence, should a spelling ever get past the guard.
  it('an encoded or absolute-form spelling of a protected route still needs the token, and an exempt route stays exempt', async () => {
    home = createTempHome('outpost-csrf-routed-');
    databases = await openDatabaseSet({ home: home.path, routers: new RouterChain([sessionRouter]), migrations: sessionMigrations });
    const clock = createManualClock(Date.now());
    const sessions = createSessionManager({ store: createSqliteSessionStore(databases.forTable('session')), clock, random: cryptoRandomSource });
    app = Fastify();
    installErrorHandler(app, silentLogger);
    await installAuth(app, { sessions, users: emptyUserDirectory, clock, random: cryptoRandomSource, logger: silentLogger, csrfExemptPrefixes: ['/api/sync/'] });
    let reached = 0;
    app.post('/api/things', async () => ({ reached: ++reached }));
    app.post('/api/sync/ping', async (request) => ({ user: currentUser(request)?.username ?? null }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    for (const target of ['/%61pi/things', '/api/thing%73', `http://127.0.0.1:${port}/api/things`, `http://evil.example/%61pi/things`]) {
      const response = await rawRequest(port, { method: 'POST', target, body: {} });
      expect([target, response.status, response.body.code]).toEqual([target, 403, 'CSRF_FAILED']);
    }
    expect(reached).toBe(0);
    const exempt = await rawRequest(port, { method: 'POST', target: '/%61pi/sync/ping', body: {} });
    expect([exempt.status, exempt.body]).toEqual([200, { user: null }]);
  });
});
