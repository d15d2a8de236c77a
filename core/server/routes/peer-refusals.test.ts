import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import { createCoreHarness, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { syncPaths } from '../../sync/index.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';
import { startLoopbackServer, syncRowCounts, type LoopbackServer } from './test-support/loopback-peers.js';

const deviceInfo = JSON.stringify({ instanceId: 'c'.repeat(32), version: '1.0.0', capabilities: [] });

function json(response: ServerResponse, status: number, body: string): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.end(body);
}

/** Issue 19, items 9 and 10: failed pairings write nothing, and a peer never chooses our error. */
describe('pairing with a peer that misbehaves', () => {
  let harness: CoreHarness;
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await harness?.dispose();
  });
  const serve = async (handler: (request: IncomingMessage, response: ServerResponse) => void) => {
    const server = await startLoopbackServer(handler);
    servers.push(server);
    return server;
  };

  it('answers 25 pairings with a peer that says {} with 25 × 502 PEER_UNREACHABLE and writes no key, certificate or peer', async () => {
    harness = createCoreHarness();
    const b = await harness.device('b');
    await b.listen();
    const empty = await serve((_request, response) => json(response, 200, '{}'));
    // A peer that looks like Outpost but answers the certificate request with nonsense: the key made for it goes again.
    const halfway = await serve((request, response) => json(response, 200, request.url === syncPaths.deviceInfo ? deviceInfo : '{"chain":[{"id":"x"}]}'));
    const silent = await serve((request, response) => json(response, 200, request.url === syncPaths.deviceInfo ? deviceInfo : ''));
    // Echoes our public key in a certificate it made up: it does not verify.
    const forger = await serve(async (request, response) => {
      if (request.url === syncPaths.deviceInfo) return json(response, 200, deviceInfo);
      let text = '';
      for await (const chunk of request) text += String(chunk);
      const { publicKey } = JSON.parse(text) as { publicKey: string };
      json(response, 200, JSON.stringify({ chain: [{ id: 'f'.repeat(32), parentId: null, profile: 'facilitydata', scopeDefinition: 'full-facility', scopeVersion: 1, scopeParams: {}, publicKey, salt: 'x', signature: 'x' }] }));
    });
    const rows = () => syncRowCounts(b.core.databases.get('default').handle);
    const before = rows();
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    const answers = [];
    for (let i = 0; i < 25; i++) answers.push(await anonymous.request('POST', apiRoutes.peers, { address: empty.url, username: 'ada', password: 'pw', facilityId: 'f' }));
    for (const peer of [halfway, silent, forger]) answers.push(await anonymous.request('POST', apiRoutes.peers, { address: peer.url, username: 'ada', password: 'pw', facilityId: 'f' }));
    for (const answer of answers) expect(answer).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    for (const peer of [halfway, silent, forger]) expect(peer.hits).toContain(syncPaths.certificateRequest);
    expect(rows()).toEqual(before);
    expect(b.core.facility.setup.isProvisioned()).toBe(false);
  });

  it('wraps a peer’s NOT_AUTHENTICATED in our own 502 PEER_REFUSED, with the peer’s words in details only', async () => {
    harness = createCoreHarness();
    const b = await harness.device('b');
    await b.listen();
    const chosen = JSON.stringify({ code: 'NOT_AUTHENTICATED', message: 'chosen' });
    // Refuses everything, device info included; and one that refuses only the certificate request.
    const everywhere = await serve((_request, response) => json(response, 500, chosen));
    const atRequest = await serve((request, response) => (request.url === syncPaths.deviceInfo ? json(response, 200, deviceInfo) : json(response, 500, chosen)));
    const rows = () => syncRowCounts(b.core.databases.get('default').handle);
    const before = rows();
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    const body = { username: 'ada', password: 'pw', facilityId: 'f' };
    const first = await anonymous.request('POST', apiRoutes.peers, { ...body, address: everywhere.url });
    expect(first).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    const second = await anonymous.request('POST', apiRoutes.peers, { ...body, address: atRequest.url });
    expect(second).toMatchObject({ status: 502, body: { code: 'PEER_REFUSED', message: 'The other device refused the request.', details: [{ path: 'peer.code', message: 'NOT_AUTHENTICATED' }] } });
    for (const answer of [first, second]) expect(JSON.stringify(answer.body)).not.toContain('chosen');
    expect(rows()).toEqual(before);
    // A signed-in admin sees the peer's own message, in details.
    await b.core.facility.setup.provision({ facilityName: 'B School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    const root = createTestBrowser(b.baseUrl);
    await root.signIn('root', 'rootpw');
    const facilityId = b.core.facility.facilities.listFacilities()[0]!.id;
    for (const code of ['NOT_AUTHENTICATED', 'PERMISSION_DENIED', 'CSRF_FAILED', 'INVALID_CREDENTIALS']) {
      const refusing = await serve((request, response) =>
        request.url === syncPaths.deviceInfo ? json(response, 200, deviceInfo) : json(response, 401, JSON.stringify({ code, message: 'chosen' })),
      );
      const answer = await root.request('POST', apiRoutes.peers, { ...body, facilityId, address: refusing.url });
      expect(answer.status, code).toBe(502);
      expect(answer.body).toMatchObject({ code: 'PEER_REFUSED', details: [{ path: 'peer.code', message: code }, { path: 'peer.message', message: 'chosen' }] });
      expect(answer.body.message).not.toContain('chosen');
    }
    // Still signed in: the peer's NOT_AUTHENTICATED did not reach our session.
    expect((await root.request('GET', apiRoutes.currentSession)).body.user).toMatchObject({ username: 'root' });
  });

  it('wraps a refusal in the middle of a sync, and records it as the last sync', async () => {
    harness = createCoreHarness({ transport: 'http' });
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facility } = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    await a.listen();
    await b.listen();
    // B pairs with A through a peer that forwards, until it starts refusing sync requests with NOT_AUTHENTICATED.
    let refusing = false;
    const front = await serve(async (request, response) => {
      if (refusing && request.url !== syncPaths.deviceInfo) return json(response, 500, JSON.stringify({ code: 'NOT_AUTHENTICATED', message: 'chosen' }));
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const upstream = await fetch(`${a.baseUrl}${request.url}`, { method: request.method, headers: { 'content-type': 'application/json', ...(request.headers['content-encoding'] ? { 'content-encoding': request.headers['content-encoding'] } : {}) }, ...(request.method === 'POST' ? { body: Buffer.concat(chunks) } : {}) });
      json(response, upstream.status, await upstream.text());
    });
    const fresh = createTestBrowser(b.baseUrl);
    await fresh.request('GET', apiRoutes.setup);
    const paired = await fresh.request('POST', apiRoutes.peers, { address: front.url, username: 'root', password: 'rootpw', facilityId: facility.id });
    expect(paired.status).toBe(201);
    refusing = true;
    const root = createTestBrowser(b.baseUrl);
    await root.signIn('root', 'rootpw');
    const sync = await root.request('POST', apiPath(apiRoutes.peerSync, paired.body.peer.id));
    expect(sync).toMatchObject({ status: 502, body: { code: 'PEER_REFUSED', details: [{ path: 'peer.code', message: 'NOT_AUTHENTICATED' }, { path: 'peer.message', message: 'chosen' }] } });
    expect((await root.request('GET', apiPath(apiRoutes.peer, paired.body.peer.id))).body.lastSync).toMatchObject({ status: 'failed', error: 'The other device refused the request.' });
    expect((await root.request('GET', apiRoutes.currentSession)).status).toBe(200);
  });
});
