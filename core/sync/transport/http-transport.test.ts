import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../../common/core-error.js';
import { createSyncHarness, type SyncHarness } from '../test-support/sync-harness.js';
import { serveSyncOverHttp, type SyncHttpServer } from '../test-support/sync-http-server.js';
import { describeTransportContract } from '../test-support/transport-contract.js';
import { testPeerPolicy } from '../test-support/test-peer-policy.js';
import { createHttpTransport } from './http-transport.js';
import { createPeerRequester, PeerRequestFailure, type PeerRequester } from './peer-request.js';

const servers: SyncHttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

describe('HTTP transport: the transport contract', () => {
  describeTransportContract(async (_harness, server) => {
    const http = await serveSyncOverHttp(server);
    servers.push(http);
    return createHttpTransport({ baseUrl: http.url, policy: testPeerPolicy, sleep: async () => {} });
  });
});

describe('HTTP transport', () => {
  let harness: SyncHarness;
  afterEach(async () => harness?.dispose());

  async function pair(notes = 40) {
    harness = createSyncHarness();
    const a = await harness.device('a');
    const b = await harness.device('b');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    for (let i = 0; i < notes; i++) a.notes.put({ id: `n${i}`, part: ds, body: `note ${i} `.repeat(40) });
    const http = await serveSyncOverHttp(a);
    servers.push(http);
    return { a, b, ds, http };
  }

  it('retries transient network failures with back-off and ends with the same data', async () => {
    const { a, b, http } = await pair();
    let calls = 0;
    const waits: number[] = [];
    // Every third request dies with a reset connection before it reaches the peer.
    const real = createPeerRequester();
    const flaky: PeerRequester = async (request) => {
      calls++;
      if (calls % 3 === 0) throw new PeerRequestFailure('connect-failed', false, 'ECONNRESET');
      return real(request);
    };
    const transport = createHttpTransport({ baseUrl: http.url, policy: testPeerPolicy, request: flaky, sleep: async (ms) => void waits.push(ms) });
    const connection = await b.sync.connect(transport, { certificateId: b.certificateId }).catch(async (error: unknown) => {
      // Opening a session is the one call not repeated after a reset (its nonce is single-use): open again.
      if (!isCoreError(error, 'PEER_UNREACHABLE')) throw error;
      return b.sync.connect(transport, { certificateId: b.certificateId });
    });
    const result = await connection.sync();
    await connection.close();
    expect(result.pulled).toBe(40);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((ms) => ms >= 200)).toBe(true);
    expect(b.notes.all()).toEqual(a.notes.all());
  });

  it('gives up with PEER_UNREACHABLE when the peer stays down', async () => {
    const { b, http } = await pair(1);
    await http.close();
    const waits: number[] = [];
    const transport = createHttpTransport({ baseUrl: http.url, policy: testPeerPolicy, retries: 3, sleep: async (ms) => void waits.push(ms) });
    const error = await b.sync.connect(transport, { certificateId: b.certificateId }).catch((e: unknown) => e);
    expect(isCoreError(error, 'PEER_UNREACHABLE')).toBe(true);
    expect(waits).toEqual([200, 400, 800]);
  });

  it('compresses bodies both ways when the peer supports gzip, and sends plain JSON when told not to', async () => {
    const { a, http } = await pair();
    /** A fresh device pulls A's 40 notes; later it pushes 40 notes of its own. */
    const open = async (name: string, gzip: boolean) => {
      const device = await harness.device(name);
      harness.issue(a, device, 'full-facility');
      const transport = createHttpTransport({ baseUrl: http.url, policy: testPeerPolicy, gzip });
      const connection = await device.sync.connect(transport, { certificateId: device.certificateId });
      await connection.pull();
      const pulled = transport.wireCounters().received;
      const push = async () => {
        const before = transport.wireCounters().sent;
        for (let i = 0; i < 40; i++) device.notes.put({ id: `${name}${i}`, part: a.certificateId, body: `from ${name} ${i} `.repeat(40) });
        await connection.push();
        await connection.close();
        return transport.wireCounters().sent - before;
      };
      return { device, pulled, push };
    };
    const plain = await open('plain', false);
    const zipped = await open('zipped', true);
    expect(plain.device.notes.all()).toEqual(a.notes.all());
    expect(zipped.device.notes.all()).toEqual(a.notes.all());
    expect(zipped.pulled).toBeLessThan(plain.pulled / 3);
    const plainPushed = await plain.push();
    const zippedPushed = await zipped.push();
    expect(zippedPushed).toBeLessThan(plainPushed / 3);
    expect(a.notes.all()).toHaveLength(120);
  });

  it('refuses an address that is not http(s)', () => {
    expect(() => createHttpTransport({ baseUrl: 'ftp://peer' })).toThrow(/http/);
    expect(() => createHttpTransport({ baseUrl: 'not a url' })).toThrow(/not a peer address/);
  });
});
