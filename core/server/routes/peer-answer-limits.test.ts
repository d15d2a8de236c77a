import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import { createCoreHarness, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { testPeerPolicy } from '../../sync/test-support/test-peer-policy.js';
import { createHttpTransport, syncPaths } from '../../sync/index.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';
import { startLoopbackServer, type LoopbackServer } from './test-support/loopback-peers.js';

const MiB = 1024 * 1024;

/** Streams `total` bytes of a JSON document that never closes, generated on the fly (never held in memory). */
function endlessJson(total: number): Readable {
  const item = Buffer.from('{"id":"aaaaaaaaaaaaaaaa","name":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"},'.repeat(1000));
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) this.push('{"facilities":[');
      if (sent >= total) return void this.push(null);
      sent += item.length;
      this.push(item);
    },
  });
}

/** Zeros, gzip-compressed as they are read: 1 GiB inflates from about 1 MB on the wire. */
function gzipBomb(response: ServerResponse, inflated: number): void {
  const zeros = Buffer.alloc(MiB);
  let produced = 0;
  const source = new Readable({
    read() {
      if (produced >= inflated) return void this.push(null);
      produced += zeros.length;
      this.push(zeros);
    },
  });
  response.setHeader('content-type', 'application/json');
  response.setHeader('content-encoding', 'gzip');
  source.pipe(createGzip({ level: 9 })).pipe(response);
  response.once('close', () => source.destroy());
}

/** Issue 19, item 2: every byte read from a peer is capped, counted after decompression. */
describe('peer answers are read up to a limit', () => {
  let harness: CoreHarness;
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await harness?.dispose();
  });

  it('refuses an endless facility list and a gzip bomb with a clean 502, three at once, with RSS growing by less than 64 MB', async () => {
    harness = createCoreHarness();
    const b = await harness.device('b');
    await b.listen();
    const endless = await startLoopbackServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      const body = endlessJson(400 * MiB);
      body.pipe(response);
      response.once('close', () => body.destroy());
    });
    const bomb = await startLoopbackServer((_request, response) => gzipBomb(response, 1024 * MiB));
    servers.push(endless, bomb);
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const answers = await Promise.all([
      anonymous.request('POST', apiRoutes.peerFacilities, { address: endless.url }),
      anonymous.request('POST', apiRoutes.peerFacilities, { address: endless.url }),
      anonymous.request('POST', apiRoutes.peerFacilities, { address: bomb.url }),
      anonymous.request('POST', apiRoutes.peers, { address: endless.url, username: 'ada', password: 'pw', facilityId: 'f' }),
      anonymous.request('POST', apiRoutes.peers, { address: bomb.url, username: 'ada', password: 'pw', facilityId: 'f' }),
    ]);
    const grown = process.memoryUsage().rss - before;
    for (const answer of answers) expect(answer).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    expect(grown).toBeLessThan(64 * MiB);
    expect(performance.now() - started).toBeLessThan(10_000);
    // Signed in, the reason is told: the answer was too large.
    await b.core.facility.setup.provision({ facilityName: 'B School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    const root = createTestBrowser(b.baseUrl);
    await root.signIn('root', 'rootpw');
    for (const url of [endless.url, bomb.url]) {
      expect(await root.request('POST', apiRoutes.peerFacilities, { address: url })).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE', message: expect.stringContaining('larger than this device accepts') } });
    }
  });

  it('caps a sync answer at the protocol limit (here lowered to 1 MiB), plain or gzip', async () => {
    const info = JSON.stringify({ instanceId: 'a'.repeat(32), version: '1.0.0', capabilities: ['gzip'] });
    const peer = await startLoopbackServer((request, response) => {
      if (request.url === syncPaths.deviceInfo) return void response.end(info);
      if (request.headers['accept-encoding'] === 'gzip') return gzipBomb(response, 64 * MiB);
      const body = endlessJson(64 * MiB);
      body.pipe(response);
      response.once('close', () => body.destroy());
    });
    servers.push(peer);
    for (const gzip of [false, true]) {
      const transport = createHttpTransport({ baseUrl: peer.url, policy: testPeerPolicy, gzip, retries: 0, limits: { syncBytes: MiB } });
      const error = await transport.createNonce().catch((e: unknown) => e);
      expect(isCoreError(error, 'PEER_UNREACHABLE'), String(error)).toBe(true);
      expect((error as Error).message).toContain('larger than this device accepts');
      expect(transport.wireCounters().received).toBeLessThan(3 * MiB);
    }
  });
});
