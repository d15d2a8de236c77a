import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/logger.js';
import { openDatabaseSet, type DatabaseSet } from '../../db/database-set.js';
import { RouterChain } from '../../db/router-chain.js';
import { cryptoRandomSource } from '../../common/random-source.js';
import type { SessionsEnded } from '../../sessions/session-end-reason.js';
import { createSessionManager, type SessionManager } from '../../sessions/session-manager.js';
import { sessionMigrations } from '../../sessions/session-migrations.js';
import { sessionRouter } from '../../sessions/session-router.js';
import { createSqliteSessionStore } from '../../sessions/session-store.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { installErrorHandler } from '../error-handler.js';
import { registerAuthRoutes } from '../routes/auth-routes.js';
import { installAuth } from './install-auth.js';
import { requireUser } from './request-user.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { createSqliteTestUserDirectory, testUserMigration, type SqliteTestUserDirectory, type TestUserSchema } from './test-support/sqlite-user-directory.js';
import { createTestBrowser } from './test-support/test-browser.js';

// The auth layer on its own, with a stand-in user directory on a real SQLite table: for the states
// a whole core reaches only in a race (a user gone while their session still exists) and for TLS,
// which the core does not serve itself.
interface Harness {
  readonly app: FastifyInstance;
  readonly users: SqliteTestUserDirectory;
  readonly sessions: SessionManager;
  readonly baseUrl: string;
}

describe('session hook', () => {
  let home: TempHome;
  let databases: DatabaseSet | undefined;
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    await databases?.close();
    home?.remove();
    app = undefined;
    databases = undefined;
  });

  async function start(https?: { key: Buffer; cert: Buffer }): Promise<Harness> {
    home = createTempHome('outpost-session-auth-');
    databases = await openDatabaseSet({ home: home.path, routers: new RouterChain([sessionRouter]), migrations: [...sessionMigrations, testUserMigration] });
    const clock = createManualClock(Date.now());
    const users = createSqliteTestUserDirectory(databases.get<TestUserSchema>('default'));
    const sessions = createSessionManager({ store: createSqliteSessionStore(databases.forTable('session')), clock, random: cryptoRandomSource });
    // Typed as a plain instance: the https and http factories return different generic types.
    const server = (https ? Fastify({ https }) : Fastify()) as unknown as FastifyInstance;
    app = server;
    installErrorHandler(server, silentLogger);
    const auth = await installAuth(server, { sessions, users, clock, random: cryptoRandomSource, logger: silentLogger });
    registerAuthRoutes(server, auth);
    server.get('/api/whoami', async (request) => ({ username: requireUser(request).username }));
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return { app: server, users, sessions, baseUrl: `${https ? 'https' : 'http'}://127.0.0.1:${port}` };
  }

  it('treats a session whose user is gone as absent: 401, the row deleted with reason user-deleted, the cookie cleared', async () => {
    const { users, sessions, baseUrl } = await start();
    const amina = users.add('amina', 'pw');
    const device = createTestBrowser(baseUrl);
    expect((await device.signIn('amina', 'pw')).status).toBe(200);
    expect((await device.request('GET', '/api/whoami')).body).toEqual({ username: 'amina' });
    const ended: SessionsEnded[] = [];
    sessions.onDidEndSessions((event) => ended.push(event));

    // The user's deletion has not reached the sessions yet (it is racing this request).
    users.deactivate(amina.id);
    const response = await device.request('GET', '/api/whoami');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('NOT_AUTHENTICATED');
    expect(sessions.listForUser(amina.id)).toEqual([]);
    expect(ended).toEqual([{ sessionIds: [expect.any(String)], userIds: [amina.id], reason: 'user-deleted' }]);
    expect(device.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  it('answers 401, not 500, for a forged or garbled session cookie', async () => {
    const { baseUrl } = await start();
    const device = createTestBrowser(baseUrl);
    for (const value of ['forged', 'A'.repeat(43), '%E0%A4%A', 'x'.repeat(4000)]) {
      device.setCookie(SESSION_COOKIE, value);
      const response = await device.request('GET', '/api/whoami');
      expect({ value, status: response.status }).toEqual({ value, status: 401 });
    }
  });

  it('marks both cookies Secure when served over TLS', async () => {
    const tls = createTempHome('outpost-tls-');
    try {
      const key = join(tls.path, 'key.pem');
      const cert = join(tls.path, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      const { users, baseUrl } = await start({ key: readFileSync(key), cert: readFileSync(cert) });
      users.add('amina', 'pw');
      const get = (path: string, headers: Record<string, string> = {}) =>
        new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
          const req = httpsRequest(`${baseUrl}${path}`, { method: path === '/api/auth/signin' ? 'POST' : 'GET', headers, rejectUnauthorized: false }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] }));
          });
          req.on('error', reject);
          if (path === '/api/auth/signin') req.end(headers.body);
          else req.end();
        });
      const first = await get('/api/auth/session');
      const csrfLine = first.cookies.find((line) => line.startsWith('outpost_csrftoken='))!;
      expect(csrfLine).toMatch(/; Secure/);
      const token = csrfLine.split(';')[0]!.split('=')[1]!;
      const body = JSON.stringify({ username: 'amina', password: 'pw' });
      const signIn = await get('/api/auth/signin', { 'content-type': 'application/json', cookie: `outpost_csrftoken=${token}`, 'x-csrftoken': token, body });
      expect(signIn.status).toBe(200);
      expect(signIn.cookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`))).toMatch(/; Secure/);
    } finally {
      tls.remove();
    }
  });
});
