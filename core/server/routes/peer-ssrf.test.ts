import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../contract/api-routes.js';
import { createCoreHarness, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { peerLookupPaths } from '../../sync/index.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';
import { startLoopbackServer, type LoopbackServer } from './test-support/loopback-peers.js';

/** Issue 19, item 1: what an anonymous (or signed-in) caller can make this device fetch. */
describe('peer look-ups and pairing: no server-side request forgery', () => {
  let harness: CoreHarness;
  const servers: LoopbackServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await harness?.dispose();
  });
  const serve = async (...args: Parameters<typeof startLoopbackServer>) => {
    const server = await startLoopbackServer(...args);
    servers.push(server);
    return server;
  };

  /** S: an internal service with a secret; R: a server redirecting every request to S. */
  async function secretBehindRedirect() {
    const secret = await serve((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ facilities: [{ id: 'INTERNAL-SECRET-ID', name: 'Secret' }] }));
    });
    const redirector = await serve((_request, response) => {
      response.statusCode = 302;
      response.setHeader('location', `${secret.url}/secret/admin`);
      response.end();
    });
    return { secret, redirector };
  }

  it('never follows a redirect: peer-facilities, pairing and learner import all answer 502 and the target is never asked', async () => {
    harness = createCoreHarness();
    const b = await harness.device('b');
    await b.listen();
    const { secret, redirector } = await secretBehindRedirect();
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    const body = { address: redirector.url, username: 'ada', password: 'adminpw', facilityId: 'f' };
    for (const [path, input] of [
      [apiRoutes.peerFacilities, { address: redirector.url }],
      [apiRoutes.peers, body],
      [apiRoutes.peersImportUser, body],
    ] as const) {
      const answer = await anonymous.request('POST', path, input);
      expect(answer.status, path).toBe(502);
      expect(answer.body.code).toBe('PEER_UNREACHABLE');
      expect(JSON.stringify(answer.body)).not.toContain('INTERNAL-SECRET-ID');
    }
    expect(redirector.hits.length).toBeGreaterThanOrEqual(3);
    expect(secret.hits).toEqual([]);
  });

  it('only fetches the protocol’s own paths below the base URL it was given', async () => {
    harness = createCoreHarness();
    const b = await harness.device('b');
    await b.listen();
    const peer = await serve((_request, response) => response.end('{}'));
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    await anonymous.request('POST', apiRoutes.peerFacilities, { address: peer.url });
    await anonymous.request('POST', apiRoutes.peers, { address: peer.url, username: 'ada', password: 'pw', facilityId: 'f' });
    expect(peerLookupPaths.facilities).toBe(apiRoutes.publicFacilities);
    expect(peer.hits).toEqual([apiRoutes.publicFacilities, '/api/sync/info']);
  });

  it('gives an anonymous caller one answer for a closed port, another server, a 404, bad JSON and a redirect: no port oracle', async () => {
    harness = createCoreHarness();
    const b = await harness.device('b');
    await b.listen();
    const closed = await serve(() => {});
    await closed.close();
    servers.splice(servers.indexOf(closed), 1);
    const printer = await serve((_request, response) => response.end('<html>a printer</html>'));
    const missing = await serve((_request, response) => {
      response.statusCode = 404;
      response.setHeader('content-type', 'application/json');
      response.end('{"code":"NOT_FOUND","message":"no such route"}');
    });
    const garbled = await serve((_request, response) => response.end('{"facilities": [tru'));
    const { redirector } = await secretBehindRedirect();
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    const answers = [];
    for (const target of [closed, printer, missing, garbled, redirector]) {
      const answer = await anonymous.request('POST', apiRoutes.peerFacilities, { address: target.url });
      answers.push({ status: answer.status, body: answer.body });
      const pairing = await anonymous.request('POST', apiRoutes.peers, { address: target.url, username: 'ada', password: 'pw', facilityId: 'f' });
      answers.push({ status: pairing.status, body: pairing.body });
    }
    expect(answers[0]).toEqual({ status: 502, body: { code: 'PEER_UNREACHABLE', message: expect.stringMatching(/^Could not find an Outpost device at that address/) } });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('refuses loopback, link-local, unspecified and multicast addresses in every spelling unless the config allows loopback, without connecting', async () => {
    harness = createCoreHarness({ sync: { allowLoopbackPeers: false } });
    const b = await harness.device('b');
    await b.listen();
    const target = await serve((_request, response) => response.end(JSON.stringify({ facilities: [{ id: 'LOOPBACK-SECRET', name: 'x' }] })));
    const port = target.port;
    const addresses = [
      `http://127.0.0.1:${port}`,
      `http://127.1:${port}`,
      `http://localhost:${port}`,
      `http://2130706433:${port}`,
      `http://0x7f000001:${port}`,
      `http://0177.0.0.1:${port}`,
      `http://[::1]:${port}`,
      `http://[::ffff:127.0.0.1]:${port}`,
      `http://0.0.0.0:${port}`,
      `http://[::]:${port}`,
      'http://169.254.169.254',
      'http://[fe80::1]',
      'http://224.0.0.1',
      'http://[ff02::1]',
    ];
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    for (const address of addresses) {
      const answer = await anonymous.request('POST', apiRoutes.peerFacilities, { address });
      expect(answer, address).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    }
    // A signed-in superuser of a set-up device may reach LAN addresses, but loopback stays closed.
    await b.core.facility.setup.provision({ facilityName: 'B School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    const root = createTestBrowser(b.baseUrl);
    await root.signIn('root', 'rootpw');
    for (const address of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::ffff:7f00:1]:${port}`]) {
      const answer = await root.request('POST', apiRoutes.peerFacilities, { address });
      expect(answer, address).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE', message: expect.stringContaining('not an address this device may contact') } });
    }
    expect(target.connections()).toBe(0);
  });

  it('closes the anonymous learner import once a learn-only device is set up', async () => {
    harness = createCoreHarness();
    const a = await harness.device('a');
    const c = await harness.device('c');
    const { facility } = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    await a.core.facility.users.createUser(facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
    await a.listen();
    await c.listen();
    const tablet = createTestBrowser(c.baseUrl);
    await tablet.request('GET', apiRoutes.setup);
    expect((await tablet.request('POST', apiRoutes.peersImportUser, { address: a.baseUrl, username: 'lina', password: 'linapw', facilityId: facility.id })).status).toBe(201);
    const { redirector, secret } = await secretBehindRedirect();
    const after = await tablet.request('POST', apiRoutes.peersImportUser, { address: redirector.url, username: 'lina', password: 'linapw', facilityId: facility.id });
    expect(after).toMatchObject({ status: 401, body: { code: 'NOT_AUTHENTICATED' } });
    expect((await tablet.request('POST', apiRoutes.peerFacilities, { address: redirector.url })).status).toBe(401);
    expect(redirector.hits).toEqual([]);
    expect(secret.hits).toEqual([]);
  });
});
