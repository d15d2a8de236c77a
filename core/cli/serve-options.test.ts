import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { DEFAULT_HOST, DEFAULT_PORT, parseServeOptions } from './serve-options.js';

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isCoreError(error, 'CONFIG_INVALID')) return error.message;
    throw error;
  }
  throw new Error('expected a CONFIG_INVALID error');
}

describe('parseServeOptions', () => {
  it('reads --home, --port and --host', () => {
    expect(parseServeOptions(['--home', '/srv/outpost', '--port', '9000', '--host', '127.0.0.1'], {})).toEqual({
      home: '/srv/outpost',
      port: 9000,
      host: '127.0.0.1',
      allowLoopbackPeers: false,
      discovery: { enabled: true },
    });
  });

  it('turns LAN discovery off, limits its interfaces and its TTL, and refuses a bad TTL', () => {
    expect(parseServeOptions(['--no-discovery'], {}).discovery).toEqual({ enabled: false });
    expect(parseServeOptions([], { OUTPOST_DISCOVERY: 'off' }).discovery).toEqual({ enabled: false });
    expect(parseServeOptions(['--discovery-interface', 'eth0', '--discovery-interface', 'wlan0', '--discovery-ttl', '5'], {}).discovery).toEqual({ enabled: true, interfaces: ['eth0', 'wlan0'], ttlSeconds: 5 });
    expect(configError(() => parseServeOptions(['--discovery-ttl', '0'], {}))).toMatch(/--discovery-ttl/);
  });

  it('falls back to OUTPOST_HOME, then the defaults', () => {
    const options = parseServeOptions([], { OUTPOST_HOME: '/data/outpost' });
    expect(options).toEqual({ home: '/data/outpost', port: DEFAULT_PORT, host: DEFAULT_HOST, allowLoopbackPeers: false, discovery: { enabled: true } });
    expect(parseServeOptions(['--allow-loopback-peers'], {}).allowLoopbackPeers).toBe(true);
    expect(parseServeOptions([], {}).home).toMatch(new RegExp(`${join('', '.outpost')}$`));
  });

  it('refuses a non-numeric, negative or too large port', () => {
    expect(configError(() => parseServeOptions(['--port', 'abc'], {}))).toBe('--port must be a whole number from 0 to 65535, got "abc".');
    expect(configError(() => parseServeOptions(['--port', '-1'], {}))).toMatch(/--port/);
    expect(configError(() => parseServeOptions(['--port', '70000'], {}))).toMatch(/got "70000"/);
    expect(configError(() => parseServeOptions([], { OUTPOST_PORT: '80a' }))).toMatch(/^OUTPOST_PORT must be/);
  });

  it('reads repeatable --trusted-proxy and --allowed-host, else the comma-separated environment lists', () => {
    const flags = parseServeOptions(['--trusted-proxy', '127.0.0.1', '--trusted-proxy', '10.0.0.0/8, fd00::/8', '--allowed-host', 'school.lan'], { OUTPOST_TRUSTED_PROXIES: '192.168.1.1' });
    expect(flags.trustedProxies).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8']);
    expect(flags.allowedHosts).toEqual(['school.lan']);
    const env = parseServeOptions([], { OUTPOST_TRUSTED_PROXIES: ' 127.0.0.1 ,,::1', OUTPOST_ALLOWED_HOSTS: 'outpost.school.lan,outpost' });
    expect(env.trustedProxies).toEqual(['127.0.0.1', '::1']);
    expect(env.allowedHosts).toEqual(['outpost.school.lan', 'outpost']);
    expect(parseServeOptions([], { OUTPOST_TRUSTED_PROXIES: '' })).toMatchObject({ trustedProxies: undefined, allowedHosts: undefined });
  });

  it('refuses unknown flags and stray arguments', () => {
    expect(configError(() => parseServeOptions(['--hme', '/x'], {}))).toMatch(/Unknown option '--hme'/);
    expect(configError(() => parseServeOptions(['serve'], {}))).toMatch(/Usage/);
  });
});
