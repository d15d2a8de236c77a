import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../contract/api-routes.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { testPeerPolicy } from '../../sync/test-support/test-peer-policy.js';
import { createHttpTransport, syncPaths } from '../../sync/index.js';

/** Certificate requests against a whole core: the protocol under `/api/sync/` is wired, CSRF-exempt, and checks credentials through the facility service. */
describe('POST /api/sync/certificates/request', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  async function school() {
    harness = createCoreHarness();
    const server = await harness.device('server');
    const requester = await harness.device('requester');
    const { facility, superuser } = await server.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    await server.core.facility.users.createUser(facility.id, { username: 'ada', password: 'adminpw', fullName: 'Ada Admin', role: 'admin' });
    const learner = await server.core.facility.users.createUser(facility.id, { username: 'lina', password: 'learnerpw', fullName: 'Lina Learner', role: 'learner' });
    const url = await server.listen();
    const transport = createHttpTransport({ baseUrl: url, retries: 0, policy: testPeerPolicy });
    const ask = (scopeDefinition: 'full-facility' | 'single-user', username: string, password: string) =>
      transport.requestCertificate({ facilityId: facility.id, scopeDefinition, publicKey: requester.core.sync.certificates.createKeyRequest(), username, password });
    return { server, requester, facility, superuser, learner, url, ask };
  }

  const certificateCount = (device: CoreDevice) =>
    (device.core.databases.get<any>('default').handle.prepare('select count(*) as n from sync_certificate').get() as { n: number }).n;

  it('gives a facility admin a full-facility certificate that chains to the facility’s root', async () => {
    const { server, requester, facility, ask } = await school();
    const { chain } = await ask('full-facility', 'ada', 'adminpw');
    expect(chain[0]!.id).toBe(facility.datasetId);
    expect(chain[chain.length - 1]).toMatchObject({ parentId: facility.datasetId, scopeDefinition: 'full-facility', scopeParams: { dataset_id: facility.datasetId } });
    // The requester can keep it (it holds the key) and the server's own root is the parent.
    const verified = requester.core.sync.certificates.saveChain(chain, { trustRoot: true });
    expect(verified.datasetId).toBe(facility.datasetId);
    expect(server.core.sync.certificates.get(chain[chain.length - 1]!.id)).toBeDefined();
  });

  it('gives a learner a single-user certificate naming them, and never a full-facility one', async () => {
    const { server, learner, ask } = await school();
    const { chain } = await ask('single-user', 'lina', 'learnerpw');
    expect(chain[chain.length - 1]).toMatchObject({ scopeDefinition: 'single-user', scopeParams: { user_id: learner.id } });
    const before = certificateCount(server);
    await expect(ask('full-facility', 'lina', 'learnerpw')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(certificateCount(server)).toBe(before);
  });

  it('refuses wrong credentials with 401 INVALID_CREDENTIALS and issues nothing; throttles guessing', async () => {
    const { server, ask, url, facility } = await school();
    const before = certificateCount(server);
    await expect(ask('full-facility', 'ada', 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(ask('full-facility', 'nobody', 'wrong')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    for (let i = 0; i < 4; i++) await ask('full-facility', 'ada', 'wrong').catch(() => {});
    const response = await fetch(`${url}${syncPaths.certificateRequest}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ facilityId: facility.id, scopeDefinition: 'full-facility', publicKey: `${'A'.repeat(43)}=`, username: 'ada', password: 'adminpw' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(certificateCount(server)).toBe(before);
  });

  it('needs no cookie or CSRF token on the protocol paths, while the rest of /api/ (peer management under /api/sync/ too) does', async () => {
    const { url } = await school();
    expect((await fetch(`${url}${syncPaths.nonces}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
    expect((await fetch(`${url}/api/auth/signout`, { method: 'POST' })).status).toBe(403);
    const forgedPairing = await fetch(`${url}${apiRoutes.peers}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ address: 'http://127.0.0.1:9', username: 'a', password: 'b', facilityId: 'c' }) });
    expect(forgedPairing.status).toBe(403);
    expect(await forgedPairing.json()).toMatchObject({ code: 'CSRF_FAILED' });
    const info = (await (await fetch(`${url}${syncPaths.deviceInfo}`)).json()) as { capabilities: string[]; version: string };
    expect(info.capabilities).toContain('gzip');
  });
});
