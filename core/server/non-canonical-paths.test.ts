import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_COOKIE } from '../contract/auth.js';
import type { FastifyInstance } from 'fastify';
import { createCoreWithHttpApp, type Core } from '../create-core.js';
import { databaseNames } from '../db/database-name.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { SESSION_COOKIE } from './auth/session-cookie.js';
import { ROOT_PASSWORD, startFacilityApiServer, type FacilityApiServer } from './routes/test-support/facility-api-server.js';
import { rawRequest, type RawResponse } from './test-support/raw-request.js';
import { registeredRoutes, type RegisteredRoute } from './test-support/route-table.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every spelling of `path` that a router might match while a check keyed on the raw URL misses it. */
function variants(path: string, port: number): string[] {
  const last = path.at(-1)!;
  const escapedLast = `${path.slice(0, -1)}%${last.charCodeAt(0).toString(16).toUpperCase()}`;
  return [
    `/%61pi${path.slice(4)}`,
    `/%41pi${path.slice(4)}`,
    escapedLast,
    `http://127.0.0.1:${port}${path}`,
    `http://127.0.0.1:${port}/%61pi${path.slice(4)}`,
    `//127.0.0.1:${port}${path}`,
    `/${path}`,
    `/api/..${path}`,
    `/api/.${path.slice(4)}`,
    path.replace('/api/', '/api\\'),
    `${path.replace('/api/', '/api//')}`,
  ];
}

/** Every row of every table of every database, to prove that nothing was written. */
function snapshot(core: Core): string {
  const rows: Record<string, unknown[]> = {};
  for (const name of databaseNames) {
    const { handle } = core.databases.get(name);
    const tables = handle.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    for (const { name: table } of tables) rows[`${name}.${table}`] = handle.prepare(`SELECT * FROM "${table}"`).all();
  }
  return JSON.stringify(rows);
}

function stateChangingRoutes(app: FastifyInstance): RegisteredRoute[] {
  return registeredRoutes(app).filter((route) => STATE_CHANGING.has(route.method));
}

function expectRefused(response: RawResponse, label: string): void {
  expect([response.status, response.body?.code], label).toEqual([400, 'INVALID_INPUT']);
  expect(response.body.message, label).toMatch(/^The request path is not in canonical form/);
  expect(response.headers['set-cookie'], label).toBeUndefined();
}

describe('non-canonical request targets', () => {
  let home: TempHome | undefined;
  let core: Core | undefined;
  let server: FacilityApiServer | undefined;
  afterEach(async () => {
    await core?.close();
    home?.remove();
    await server?.close();
    core = undefined;
    home = undefined;
    server = undefined;
  });

  it('finds every state-changing route of the app (the enumeration itself works)', async () => {
    home = createTempHome('outpost-routes-');
    const started = await createCoreWithHttpApp({ home: home.path, passwordHashCost: 4 });
    core = started.core;
    const routes = stateChangingRoutes(started.app).map((route) => `${route.method} ${route.url}`);
    expect(routes).toEqual(expect.arrayContaining(['POST /api/setup', 'POST /api/auth/signin', 'DELETE /api/auth/sessions/others', 'PUT /api/classes/:id/learners', 'POST /api/sync/sessions/close', 'DELETE /api/users/:id']));
    expect(routes.length).toBeGreaterThanOrEqual(30);
  });

  it('on a fresh device: no state-changing route, in any encoded or absolute-form spelling, is reached without CSRF; the device stays not set up', async () => {
    home = createTempHome('outpost-routes-');
    const started = await createCoreWithHttpApp({ home: home.path, passwordHashCost: 4 });
    core = started.core;
    const app = started.app;
    const port = Number(new URL(await core.listen({ host: '127.0.0.1', port: 0 })).port);
    const before = snapshot(core);
    const setup = { facilityName: 'Hijacked School', superuser: { username: 'mallory', password: 'mallory-pw', fullName: 'Mallory' } };
    let sent = 0;
    for (const route of stateChangingRoutes(app)) {
      const path = route.url.replaceAll(':id', 'x');
      const body = path === '/api/setup' ? setup : path === '/api/auth/signin' ? { username: 'mallory', password: 'mallory-pw' } : {};
      for (const target of variants(path, port)) {
        expectRefused(await rawRequest(port, { method: route.method, target, body }), `${route.method} ${target}`);
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThanOrEqual(300);
    expect(core.facility.setup.isProvisioned()).toBe(false);
    expect(snapshot(core)).toBe(before);
    // The canonical path still works, with the token: the guard refuses spellings, not routes.
    expect((await rawRequest(port, { method: 'GET', target: '/api/setup' })).body).toEqual({ provisioned: false });
  });

  it('on a set-up device with a signed-in superuser’s cookies but no CSRF header: every spelling is refused and nothing is written', async () => {
    server = await startFacilityApiServer();
    const { facilityId, root } = server;
    const learnerId = await server.createUser({ username: 'amina' });
    const created = await root.request('POST', `/api/facilities/${facilityId}/classes`, { name: 'Form 1' });
    expect(created.status).toBe(201);
    const ids: Record<string, string> = { facilities: facilityId, users: learnerId, classes: created.body.id, peers: 'x' };
    const port = Number(new URL(server.baseUrl).port);
    const cookie = `${SESSION_COOKIE}=${root.cookie(SESSION_COOKIE)}; ${CSRF_COOKIE}=${root.cookie(CSRF_COOKIE)}`;
    const before = snapshot(server.core);
    for (const route of stateChangingRoutes(server.app)) {
      // Real ids, so a request that reached its handler would really delete or change something.
      const path = route.url.replace(/\/api\/(\w+)(?:\/[\w-]+)?\/:id/, (whole, kind: string) => whole.replace(':id', ids[kind] ?? 'x'));
      const body = path === '/api/auth/signin' ? { username: 'root', password: ROOT_PASSWORD } : {};
      for (const target of variants(path, port)) {
        expectRefused(await rawRequest(port, { method: route.method, target, body, headers: { cookie } }), `${route.method} ${target}`);
      }
    }
    expect(snapshot(server.core)).toBe(before);
    expect((await root.request('GET', '/api/auth/session')).status).toBe(200);
    expect((await root.request('GET', `/api/users/${learnerId}`)).body).toMatchObject({ username: 'amina', dateDeleted: null });
  });

  it('refuses non-canonical spellings even with a valid CSRF pair, but leaves query strings and encoded reserved characters alone', async () => {
    server = await startFacilityApiServer();
    const port = Number(new URL(server.baseUrl).port);
    const token = server.root.cookie(CSRF_COOKIE)!;
    const cookie = `${SESSION_COOKIE}=${server.root.cookie(SESSION_COOKIE)}; ${CSRF_COOKIE}=${token}`;
    const before = snapshot(server.core);
    expectRefused(await rawRequest(port, { method: 'DELETE', target: `/%61pi/facilities/${server.facilityId}`, headers: { cookie, 'x-csrftoken': token } }), 'with token');
    expect(snapshot(server.core)).toBe(before);
    expect((await rawRequest(port, { method: 'GET', target: '/api/health?probe=%61%2F..' })).status).toBe(200);
    const encodedSpace = await rawRequest(port, { method: 'GET', target: '/api/users/no%20such', headers: { cookie } });
    expect(encodedSpace.body?.code).not.toBe('INVALID_INPUT');
  });
});
