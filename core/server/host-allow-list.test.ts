import { hostname, networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../common/clock.js';
import { CSRF_COOKIE } from '../contract/auth.js';
import { startAuthTestServer, type AuthTestServer, type AuthTestServerOptions } from './auth/test-support/auth-test-server.js';
import { createTestBrowser } from './auth/test-support/test-browser.js';
import { createHostAllowList, hostOf } from './host-allow-list.js';
import { rawRequest } from './test-support/raw-request.js';

const REFUSAL = /^This server does not answer to that host name/;

/** One address of a non-loopback interface of this machine, as a Host header names it (none on a bare CI box). */
function lanHost(): string | undefined {
  const entry = Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .find((each) => !each.internal && !each.address.includes('%'));
  if (!entry) return undefined;
  return entry.family === 'IPv6' ? `[${entry.address}]` : entry.address;
}

describe('Host allow-list (DNS rebinding)', () => {
  let server: AuthTestServer;
  afterEach(() => server?.close());
  async function start(options: AuthTestServerOptions = {}) {
    server = await startAuthTestServer(options);
    return server;
  }
  // Every request goes to 127.0.0.1; only the Host header changes.
  const get = (host: string, headers: Record<string, string> = {}) => rawRequest(server.port, { method: 'GET', target: '/api/health', headers: { host, ...headers } });

  it('serves the device’s own names and addresses on any port, and the configured extra hosts', async () => {
    await start({ allowedHosts: ['school.lan', 'Outpost.Example:8443'] });
    const { port } = server;
    const name = hostname();
    const hosts = [`127.0.0.1:${port}`, '127.0.0.1', `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, name, `${name}.local:${port}`, 'school.lan', 'SCHOOL.LAN.:80', 'outpost.example'];
    const lan = lanHost();
    if (lan) hosts.push(`${lan}:${port}`);
    for (const host of hosts) expect([host, (await get(host)).status]).toEqual([host, 200]);
  });

  it('refuses any other Host with 400 INVALID_INPUT in our shape, before any route runs: a rebound sign-in makes no session', async () => {
    await start();
    await server.addUser('amina', 'pw');
    const { port } = server;
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', `localhost.evil.example:${port}`, 'localhost:http', '[::1', '']) {
      const response = await get(host);
      expect([host, response.status, response.body?.code]).toEqual([host, 400, 'INVALID_INPUT']);
      expect(Object.keys(response.body)).toEqual(['code', 'message']);
      expect(response.body.message).toMatch(REFUSAL);
    }
    // A page on evil.example that rebinds to this device reads its own cookies, header included.
    const device = createTestBrowser(server.baseUrl);
    await device.request('GET', '/api/health');
    const token = device.cookie(CSRF_COOKIE)!;
    const rebound = await rawRequest(port, {
      method: 'POST',
      target: '/api/auth/signin',
      headers: { host: `evil.example:${port}`, cookie: `${CSRF_COOKIE}=${token}`, 'x-csrftoken': token },
      body: { username: 'amina', password: 'pw' },
    });
    expect([rebound.status, rebound.body.code]).toEqual([400, 'INVALID_INPUT']);
    expect(rebound.headers['set-cookie']).toBeUndefined();
    expect(server.sessionRows()).toBe(0);
  });

  it('ignores X-Forwarded-Host from anyone but a trusted proxy, and checks it from one', async () => {
    await start();
    expect((await get(`127.0.0.1:${server.port}`, { 'x-forwarded-host': 'evil.example' })).status).toBe(200);
    await server.close();
    await start({ trustedProxies: ['127.0.0.1'], allowedHosts: ['school.lan'] });
    expect((await get(`127.0.0.1:${server.port}`, { 'x-forwarded-host': 'evil.example' })).status).toBe(400);
    expect((await get(`127.0.0.1:${server.port}`, { 'x-forwarded-host': 'school.lan' })).status).toBe(200);
  });
});

describe('host allow-list', () => {
  it('learns an interface address that appears later, re-reading the interfaces at most once a second', () => {
    const clock = createManualClock(0);
    const addresses = ['127.0.0.1'];
    let reads = 0;
    const list = createHostAllowList({ clock, sources: { hostname: () => 'Teacher-Laptop', addresses: () => (reads++, addresses) } });
    expect(list.allows('teacher-laptop.local:8080')).toBe(true);
    addresses.push('192.168.4.20');
    expect(list.allows('192.168.4.20:8080')).toBe(false);
    expect(list.allows('evil.example')).toBe(false);
    expect(reads).toBe(1);
    clock.advance(1_000);
    expect(list.allows('192.168.4.20:8080')).toBe(true);
    expect(reads).toBe(2);
  });

  it('refuses a malformed allowed host at start with CONFIG_INVALID', () => {
    const clock = createManualClock(0);
    expect(() => createHostAllowList({ clock, allowedHosts: ['school lan'] })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => createHostAllowList({ clock, allowedHosts: ['http://school.lan/'] })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('reads the host out of a Host header', () => {
    expect(hostOf('Example.LAN.:8080')).toBe('example.lan');
    expect(hostOf('[FE80::1]:80')).toBe('fe80::1');
    expect(hostOf('[::1]x')).toBeUndefined();
    expect(hostOf('a:b')).toBeUndefined();
    expect(hostOf(':80')).toBeUndefined();
  });
});
