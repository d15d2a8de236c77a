import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import { createCoreHarness, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';
import { startLoopbackProxy, type LoopbackProxy } from './test-support/loopback-peers.js';

/** A TCP server on loopback that accepts connections and never answers. */
async function blackHole() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Issue 19, item 3: a silent peer holds neither the request nor other peers' syncs. */
describe('peer requests time out, and a stuck peer holds up no other', () => {
  let harness: CoreHarness;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await harness?.dispose();
  });

  it('answers POST /api/sync/peers with 502 within the configured header timeout, without retrying', async () => {
    harness = createCoreHarness({ sync: { connectTimeoutMs: 300, headersTimeoutMs: 300, requestTimeoutMs: 1_000 } });
    const b = await harness.device('b');
    await b.listen();
    const hole = await blackHole();
    closers.push(hole.close);
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    const started = performance.now();
    const answer = await anonymous.request('POST', apiRoutes.peers, { address: hole.url, username: 'ada', password: 'pw', facilityId: 'f' });
    const took = performance.now() - started;
    expect(answer).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    expect(took).toBeLessThan(2_000);
    // The peer may have seen the request: it is not sent again.
    expect(hole.connections()).toBe(1);
    const lookUp = await anonymous.request('POST', apiRoutes.peerFacilities, { address: hole.url });
    expect(lookUp).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    expect(hole.connections()).toBe(2);
  });

  it('completes a sync with a healthy peer while a sync with a black-holed peer is still waiting, then fails that one with 502', async () => {
    const headersTimeoutMs = 4_000;
    harness = createCoreHarness({ transport: 'http', sync: { connectTimeoutMs: 500, headersTimeoutMs, requestTimeoutMs: 8_000 } });
    const a = await harness.device('a');
    const a2 = await harness.device('a2');
    const b = await harness.device('b');
    const { facility } = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    await a.listen();
    await a2.listen();
    await b.listen();
    // A2 and B both import the facility from A; B then also pairs with A2, through a proxy.
    for (const device of [a2, b]) {
      const fresh = createTestBrowser(device.baseUrl);
      await fresh.request('GET', apiRoutes.setup);
      expect((await fresh.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'root', password: 'rootpw', facilityId: facility.id })).status).toBe(201);
    }
    const proxy: LoopbackProxy = await startLoopbackProxy(Number(new URL(a2.baseUrl).port));
    closers.push(proxy.close);
    const root = createTestBrowser(b.baseUrl);
    await root.signIn('root', 'rootpw');
    const viaProxy = await root.request('POST', apiRoutes.peers, { address: proxy.url, username: 'root', password: 'rootpw', facilityId: facility.id });
    expect(viaProxy.status).toBe(201);
    const healthyPeer = b.core.sync.peers.list().find((peer) => peer.address === a.baseUrl)!;
    const stuckPeer = viaProxy.body.peer.id as string;

    proxy.mode = 'blackhole';
    const seen = proxy.connections();
    const stuckStarted = performance.now();
    let stuckDone = false;
    const stuck = root.request('POST', apiPath(apiRoutes.peerSync, stuckPeer)).finally(() => (stuckDone = true));
    await proxy.connectionAfter(seen);
    await a.core.facility.users.createUser(facility.id, { username: 'tumi', password: 'pw', fullName: 'Tumi', role: 'learner' });
    const started = performance.now();
    const healthy = await root.request('POST', apiPath(apiRoutes.peerSync, healthyPeer.id));
    expect(healthy).toMatchObject({ status: 200, body: { status: 'completed', pulled: 1 } });
    expect(performance.now() - started).toBeLessThan(headersTimeoutMs / 2);
    expect(stuckDone).toBe(false);
    const failed = await stuck;
    expect(failed).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    expect(performance.now() - stuckStarted).toBeLessThan(headersTimeoutMs + 3_000);
    expect(b.core.sync.peers.get(stuckPeer)?.lastSync).toMatchObject({ status: 'failed' });
  }, 30_000);
});
