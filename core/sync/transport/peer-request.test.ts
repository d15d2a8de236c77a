import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../../common/core-error.js';
import { addressAllowed, addressKind, parsePeerBaseUrl } from './peer-address.js';
import { createPeerRequester, PeerRequestFailure, type PeerRequest } from './peer-request.js';

const timeouts = { connectMs: 1_000, headersMs: 1_000, totalMs: 2_000 };

describe('peer addresses', () => {
  it('takes a base URL only: http(s), host and port', () => {
    expect(parsePeerBaseUrl('http://192.168.1.20:8080/').href).toBe('http://192.168.1.20:8080');
    expect(parsePeerBaseUrl(' https://school.lan ').href).toBe('https://school.lan');
    for (const bad of ['ftp://x', 'not a url', 'http://u:p@x', 'http://x@y', 'http://x/a', 'http://x/?q', 'http://x/#f', 'http://x?']) {
      let error: unknown;
      try {
        parsePeerBaseUrl(bad);
      } catch (caught) {
        error = caught;
      }
      expect(isCoreError(error, 'INVALID_INPUT'), bad).toBe(true);
    }
  });

  it('classifies every spelling of loopback, link-local, unspecified, multicast and private addresses', () => {
    const kind = (text: string) => addressKind(parsePeerBaseUrl(text).hostname);
    for (const text of ['http://127.0.0.1', 'http://2130706433', 'http://0x7f000001', 'http://0177.0.0.1', 'http://127.1', 'http://[::1]', 'http://[::ffff:127.0.0.1]']) expect(kind(text), text).toBe('loopback');
    for (const text of ['http://169.254.169.254', 'http://[fe80::1]']) expect(kind(text), text).toBe('link-local');
    for (const text of ['http://0.0.0.0', 'http://[::]']) expect(kind(text), text).toBe('unspecified');
    for (const text of ['http://224.0.0.1', 'http://[ff02::1]']) expect(kind(text), text).toBe('multicast');
    for (const text of ['http://10.1.2.3', 'http://172.16.0.9', 'http://192.168.1.20', 'http://[fd00::1]', 'http://[::ffff:192.168.1.20]']) expect(kind(text), text).toBe('private');
    expect(kind('http://[::7f00:1]')).toBe('reserved');
    expect(kind('http://93.184.216.34')).toBe('public');
  });

  it('lets anonymous callers reach LAN addresses only, admins any unicast one, and loopback only when allowed', () => {
    const lan = { reach: 'lan', allowLoopback: false } as const;
    const unicast = { reach: 'unicast', allowLoopback: false } as const;
    expect(addressAllowed('192.168.1.20', lan)).toBe(true);
    expect(addressAllowed('93.184.216.34', lan)).toBe(false);
    expect(addressAllowed('93.184.216.34', unicast)).toBe(true);
    for (const address of ['127.0.0.1', '::1', '169.254.169.254', 'fe80::1', '0.0.0.0', '::', '224.0.0.1', '::ffff:7f00:1']) {
      expect(addressAllowed(address, unicast), address).toBe(false);
    }
    expect(addressAllowed('127.0.0.1', { reach: 'lan', allowLoopback: true })).toBe(true);
  });
});

describe('the peer requester', () => {
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const close of closers.splice(0)) close();
  });

  it('checks the address a name resolves to and connects to that very address (no second look-up: DNS rebinding)', async () => {
    const hosts: string[] = [];
    const server = createServer((request, response) => {
      hosts.push(request.headers.host ?? '');
      response.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const port = (server.address() as AddressInfo).port;
    const lookups: string[] = [];
    // A name that resolves to loopback once: the check and the connection use that one answer.
    const request = createPeerRequester({ resolve: async (name) => (lookups.push(name), ['127.0.0.1']) });
    const ask = (allowLoopback: boolean): PeerRequest => ({
      base: parsePeerBaseUrl(`http://peer.example:${port}`),
      method: 'GET',
      path: '/api/sync/info',
      headers: {},
      maxBytes: 1024,
      timeouts,
      policy: { reach: 'unicast', allowLoopback },
    });
    const refused = await request(ask(false)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PeerRequestFailure);
    expect((refused as PeerRequestFailure).reason).toBe('address-refused');
    expect(hosts).toEqual([]);
    const answer = await request(ask(true));
    expect(answer.body.toString()).toBe('{"ok":true}');
    expect(hosts).toEqual([`peer.example:${port}`]);
    expect(lookups).toEqual(['peer.example', 'peer.example']);
    // A name with one refused address among several is refused whole.
    const mixed = createPeerRequester({ resolve: async () => ['192.168.1.20', '127.0.0.1'] });
    expect(((await mixed(ask(false)).catch((error: unknown) => error)) as PeerRequestFailure).reason).toBe('address-refused');
  });

  it('treats a redirect as a failure and does not follow it', async () => {
    let followed = 0;
    const target = createServer((_request, response) => {
      followed++;
      response.end('{}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const redirector = createServer((_request, response) => {
      response.statusCode = 307;
      response.setHeader('location', `http://127.0.0.1:${(target.address() as AddressInfo).port}/`);
      response.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    closers.push(() => target.close(), () => redirector.close());
    const failure = await createPeerRequester()({
      base: parsePeerBaseUrl(`http://127.0.0.1:${(redirector.address() as AddressInfo).port}`),
      method: 'POST',
      path: '/api/sync/nonces',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      maxBytes: 1024,
      timeouts,
      policy: { reach: 'unicast', allowLoopback: true },
    }).catch((error: unknown) => error);
    expect((failure as PeerRequestFailure).reason).toBe('redirect');
    expect(followed).toBe(0);
  });

  it('inflates a gzip answer whole, and refuses one that is corrupt, truncated or inflates past the limit, and a plain one past it', async () => {
    const json = JSON.stringify({ records: Array.from({ length: 2_000 }, (_, n) => ({ id: n, name: `Learner ${n}` })) });
    const packed = gzipSync(json, { level: 1 });
    const corrupt = Buffer.from(packed);
    corrupt[packed.length >> 1] = corrupt[packed.length >> 1]! ^ 0xff;
    // Each answer by path; gzip ones say so. No content-length, as a streamed answer has none.
    const answers: Record<string, { readonly bytes: Buffer; readonly gzip: boolean }> = {
      '/api/sync/info': { bytes: packed, gzip: true },
      '/api/sync/chunks': { bytes: corrupt, gzip: true },
      '/api/sync/nonces': { bytes: packed.subarray(0, packed.length - 100), gzip: true },
      '/api/sync/sessions': { bytes: gzipSync(Buffer.alloc(4 * 1024 * 1024)), gzip: true },
      '/api/sync/transfers': { bytes: Buffer.from(json), gzip: false },
    };
    const server = createServer((request, response) => {
      const answer = answers[request.url ?? '']!;
      if (answer.gzip) response.setHeader('content-encoding', 'gzip');
      response.write(answer.bytes);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const ask = (path: string, maxBytes: number) =>
      createPeerRequester()({
        base: parsePeerBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        method: 'GET',
        path,
        headers: {},
        maxBytes,
        timeouts,
        policy: { reach: 'unicast', allowLoopback: true },
      });
    const reason = async (path: string, maxBytes: number) => ((await ask(path, maxBytes).catch((error: unknown) => error)) as PeerRequestFailure).reason;

    const inflated = await ask('/api/sync/info', json.length);
    expect(inflated.body.toString()).toBe(json);
    expect(inflated.wireBytes).toBe(packed.length);
    expect(await reason('/api/sync/info', json.length - 1)).toBe('too-large');
    expect(await reason('/api/sync/chunks', 1024 * 1024)).toBe('bad-encoding');
    expect(await reason('/api/sync/nonces', 1024 * 1024)).toBe('bad-encoding');
    // 4 MiB of zeros packs into ~4 KiB: it stops inflating at the limit.
    expect(await reason('/api/sync/sessions', 1024 * 1024)).toBe('too-large');
    expect((await ask('/api/sync/transfers', json.length)).body.toString()).toBe(json);
    expect(await reason('/api/sync/transfers', json.length - 1)).toBe('too-large');
  });
});
