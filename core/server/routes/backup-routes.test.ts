import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth.js';
import { createCore, type Core } from '../../create-core.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { createTestBrowser, type TestBrowser } from '../auth/test-support/test-browser.js';
import { ROOT_PASSWORD, startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

/** The browser's cookies as one header, for binary requests the test browser does not make. */
function cookies(browser: TestBrowser): string {
  return [SESSION_COOKIE, CSRF_COOKIE]
    .map((name) => [name, browser.cookie(name)] as const)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

async function download(baseUrl: string, browser: TestBrowser): Promise<Response> {
  return fetch(`${baseUrl}/api/device/backup`, { headers: { cookie: cookies(browser) } });
}

async function upload(baseUrl: string, browser: TestBrowser, bytes: Uint8Array): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/api/setup/restore`, {
    method: 'POST',
    headers: { cookie: cookies(browser), [CSRF_HEADER]: browser.cookie(CSRF_COOKIE) ?? '', 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, body: await response.json() };
}

const scratchLeft = () => readdirSync(tmpdir()).filter((name) => name.startsWith('outpost-backup-http-'));

describe('backups over HTTP', () => {
  let server: FacilityApiServer;
  let home: TempHome;
  let fresh: Core;
  afterEach(async () => {
    await server?.close();
    await fresh?.close();
    home?.remove();
  });

  it('a superuser downloads a backup that a new device restores at setup; then its users sign in there', async () => {
    server = await startFacilityApiServer();
    await server.createUser({ username: 'lina' });
    const learner = await server.signedIn('lina');
    const before = scratchLeft().length;

    expect((await download(server.baseUrl, learner)).status).toBe(403);
    expect((await download(server.baseUrl, server.browser())).status).toBe(401);
    const answer = await download(server.baseUrl, server.root);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="outpost-\d{4}-\d{2}-\d{2}\.outpost-backup"$/);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 17))).toBe('OUTPOST-BACKUP 1\n');
    // Learners keep being served meanwhile, and the server's scratch copy is gone.
    expect((await learner.request('GET', '/api/auth/session')).status).toBe(200);
    expect(scratchLeft().length).toBe(before);

    home = createTempHome('outpost-restore-http-');
    fresh = await createCore({ home: home.path, passwordHashCost: 4 });
    const baseUrl = await fresh.listen({ host: '127.0.0.1', port: 0 });
    const newcomer = createTestBrowser(baseUrl);
    await newcomer.request('GET', '/api/setup');

    // A truncated upload is refused in one line, and the device stays new.
    const cut = await upload(baseUrl, newcomer, bytes.subarray(0, bytes.length - 10));
    expect(cut.status).toBe(400);
    expect(cut.body).toEqual({ code: 'BACKUP_INVALID', message: expect.stringMatching(/truncated.*Nothing was changed\.$/) });
    expect((await newcomer.request('GET', '/api/setup')).body).toEqual({ provisioned: false });

    const restored = await upload(baseUrl, newcomer, bytes);
    expect(restored.status).toBe(200);
    expect(restored.body).toEqual({ outpostVersion: server.core.version, createdAt: expect.any(Number) });
    expect((await newcomer.request('GET', '/api/setup')).body).toEqual({ provisioned: true });
    expect((await createTestBrowser(baseUrl).signIn('lina', 'pw')).status).toBe(200);
    expect((await createTestBrowser(baseUrl).signIn('root', ROOT_PASSWORD)).status).toBe(200);
    expect(fresh.sync.instanceId).not.toBe(server.core.sync.instanceId);

    // Once set up, a device refuses another restore.
    const again = await upload(baseUrl, newcomer, bytes);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect(scratchLeft().length).toBe(before);
  });

  it('a restore without the CSRF token is refused like any other unsafe request', async () => {
    home = createTempHome('outpost-restore-http-');
    fresh = await createCore({ home: home.path, passwordHashCost: 4 });
    const baseUrl = await fresh.listen({ host: '127.0.0.1', port: 0 });
    const response = await fetch(`${baseUrl}/api/setup/restore`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('CSRF_FAILED');
  });
});
