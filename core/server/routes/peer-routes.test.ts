import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import { SYNC_PROGRESS_EVENT, type SyncProgressEvent } from '../../contract/sync.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { readSse, type SseEvent } from '../../test-support/sse-reader.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';

/**
 * Reads `sync-progress` events of a peer's stream until the server ends it (closing the core ends
 * every stream; a client-side abort would leave undici's socket open and the close waiting).
 */
async function progressStream(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie } });
  const reader = readSse(response);
  const progress = (event: SseEvent) => JSON.parse(event.data) as SyncProgressEvent;
  return {
    status: response.status,
    /** Waits for the first progress event `predicate` accepts (received already or still to come). */
    waitFor: (predicate: (event: SyncProgressEvent) => boolean) => reader.waitFor((event) => event.event === SYNC_PROGRESS_EVENT && predicate(progress(event))),
    ended: reader.closed,
  };
}

describe('/api/sync/peers: pairing and syncing with another device over HTTP', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  /** A: a provisioned school with an admin and learners, listening. B: a fresh device. */
  async function school() {
    harness = createCoreHarness({ transport: 'http' });
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facility } = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    await a.core.facility.users.createUser(facility.id, { username: 'ada', password: 'adminpw', fullName: 'Ada Admin', role: 'admin' });
    for (const name of ['lina', 'moses', 'nia']) await a.core.facility.users.createUser(facility.id, { username: name, password: 'pw', fullName: name, role: 'learner' });
    await a.listen();
    await b.listen();
    return { a, b, facility };
  }

  async function pairFresh(a: CoreDevice, b: CoreDevice, facilityId: string) {
    const browser = createTestBrowser(b.baseUrl);
    await browser.request('GET', apiRoutes.setup);
    const response = await browser.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'ada', password: 'adminpw', facilityId });
    return { browser, response };
  }

  it('provisions a fresh device by importing the facility, without sign-in, and then closes that door', async () => {
    const { a, b, facility } = await school();
    const { browser, response } = await pairFresh(a, b, facility.id);
    expect(response.status).toBe(201);
    expect(response.body.peer).toMatchObject({ address: a.baseUrl, facilityId: facility.id, lastSync: { status: 'completed' } });
    expect(response.body.imported).toMatchObject({ status: 'completed', pushed: 0 });
    expect(response.body.imported.pulled).toBeGreaterThan(5);
    expect(b.core.facility.facilities.getFacility(facility.id)?.name).toBe('Hill School');
    expect(b.core.facility.users.listUsers(facility.id, { pageSize: 50 }).items.map((u) => u.username).sort()).toEqual(['ada', 'lina', 'moses', 'nia', 'root']);
    // B is set up: the imported facility is its own and the pairing admin its superuser, who
    // signs in on B with the password set on A.
    expect((await browser.request('GET', apiRoutes.setup)).body).toMatchObject({ provisioned: true });
    expect((await browser.signIn('ada', 'adminpw')).status).toBe(200);
    expect((await browser.request('GET', apiRoutes.currentSession)).body.user).toMatchObject({ username: 'ada', isSuperuser: true });
    expect((await browser.request('POST', apiRoutes.setup, { facilityName: 'Second', superuser: { username: 'x', password: 'xxxxxxxx', fullName: 'X' } })).status).toBe(409);
    // Now the device is set up: pairing needs a signed-in admin.
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    expect((await anonymous.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'ada', password: 'adminpw', facilityId: facility.id })).status).toBe(401);
  });

  it('syncs both ways on request, answers the summary, streams progress and shows the last sync', async () => {
    const { a, b, facility } = await school();
    const { browser, response } = await pairFresh(a, b, facility.id);
    const peerId = response.body.peer.id as string;
    await browser.signIn('ada', 'adminpw');
    await b.core.facility.users.createUser(facility.id, { username: 'tumi', password: 'pw', fullName: 'Tumi on B', role: 'learner' });
    const lina = a.core.facility.users.listUsers(facility.id, { search: 'lina' }).items[0]!;
    await a.core.facility.users.updateUser(lina.id, { fullName: 'Lina renamed on A' });

    const stream = await progressStream(`${b.baseUrl}${apiPath(apiRoutes.peerEvents, peerId)}`, `outpost_session=${browser.cookie('outpost_session')}`);
    expect(stream.status).toBe(200);
    const sync = await browser.request('POST', apiPath(apiRoutes.peerSync, peerId));
    expect(sync.status).toBe(200);
    expect(sync.body).toEqual({ status: 'completed', pushed: 1, pulled: 1, durationMs: expect.any(Number) });
    // Progress reaches the stream from the sync worker, so it may trail the answer: wait for each event.
    await stream.waitFor((e) => e.direction === 'push' && e.stage === 'CLEANUP' && e.status === 'COMPLETED');
    await stream.waitFor((e) => e.direction === 'pull' && e.recordsTotal === 1);
    expect(a.core.facility.users.listUsers(facility.id, { search: 'tumi' }).items).toHaveLength(1);
    expect(b.core.facility.users.getUser(lina.id)?.fullName).toBe('Lina renamed on A');

    const shown = await browser.request('GET', apiPath(apiRoutes.peer, peerId));
    expect(shown.body).toMatchObject({ id: peerId, lastSync: { status: 'completed', pushed: 1, pulled: 1, error: null } });
    expect((await browser.request('POST', apiPath(apiRoutes.peerSync, peerId))).body).toMatchObject({ status: 'completed', pushed: 0, pulled: 0 });
    await b.core.close();
    await stream.ended;
  });

  it('refuses wrong credentials at the peer (502 PEER_REFUSED, our words) and stores no peer; a learner may not pair (403)', async () => {
    const { a, b, facility } = await school();
    const browser = createTestBrowser(b.baseUrl);
    await browser.request('GET', apiRoutes.setup);
    const wrong = await browser.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'ada', password: 'nope', facilityId: facility.id });
    // The peer's refusal is wrapped in our own code; an anonymous caller learns only the peer's code.
    expect(wrong).toMatchObject({ status: 502, body: { code: 'PEER_REFUSED', message: 'The other device did not accept that username and password.', details: [{ path: 'peer.code', message: 'INVALID_CREDENTIALS' }] } });
    expect(b.core.sync.peers.list()).toEqual([]);
    expect(b.core.facility.facilities.listFacilities()).toEqual([]);
    await pairFresh(a, b, facility.id);
    const learner = createTestBrowser(b.baseUrl);
    await learner.signIn('lina', 'pw');
    expect((await learner.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'ada', password: 'adminpw', facilityId: facility.id })).status).toBe(403);
    const peerId = b.core.sync.peers.list()[0]!.id;
    expect((await learner.request('POST', apiPath(apiRoutes.peerSync, peerId))).status).toBe(403);

    // An admin pairing again updates the same peer with a new certificate, and the old one is dropped.
    const oldCertificate = b.core.sync.peers.get(peerId)!.certificateId;
    const admin = createTestBrowser(b.baseUrl);
    await admin.signIn('ada', 'adminpw');
    const again = await admin.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'ada', password: 'adminpw', facilityId: facility.id });
    expect(again.status).toBe(201);
    expect(again.body.peer.id).toBe(peerId);
    expect(b.core.sync.peers.list()).toHaveLength(1);
    expect(b.core.sync.peers.get(peerId)!.certificateId).not.toBe(oldCertificate);
    expect(b.core.sync.certificates.get(oldCertificate)).toBeUndefined();
  });

  it('lists a peer’s facilities for the setup page, refuses a bad address with the field, and needs an admin once set up', async () => {
    const { a, b, facility } = await school();
    const anonymous = createTestBrowser(b.baseUrl);
    await anonymous.request('GET', apiRoutes.setup);
    const listed = await anonymous.request('POST', apiRoutes.peerFacilities, { address: `${a.baseUrl}/` });
    expect(listed).toMatchObject({ status: 200, body: { address: a.baseUrl, facilities: [{ id: facility.id, name: 'Hill School' }] } });
    // The address is a base URL: a path, a query or a user name is refused before anything is contacted.
    for (const address of [`${a.baseUrl}/some/page`, `${a.baseUrl}/?x=1`, `http://user:pw@${new URL(a.baseUrl).host}`]) {
      expect(await anonymous.request('POST', apiRoutes.peerFacilities, { address })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', details: [{ path: 'address' }] } });
    }
    const bad = await anonymous.request('POST', apiRoutes.peerFacilities, { address: 'ftp://school' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', details: [{ path: 'address' }] } });
    const nobody = await anonymous.request('POST', apiRoutes.peerFacilities, { address: 'http://127.0.0.1:9' });
    expect(nobody).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    // A web server that is not Outpost is refused just as plainly.
    const other = createServer((_request, response) => response.end('<html>a printer</html>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const notOutpost = await anonymous.request('POST', apiRoutes.peerFacilities, { address: `http://127.0.0.1:${(other.address() as AddressInfo).port}` });
      // To an anonymous caller it is the same failure as a closed port: no port oracle.
      expect(notOutpost).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE', message: nobody.body.message } });
    } finally {
      other.close();
    }

    await pairFresh(a, b, facility.id);
    expect((await anonymous.request('POST', apiRoutes.peerFacilities, { address: a.baseUrl })).status).toBe(401);
    const learner = createTestBrowser(b.baseUrl);
    await learner.signIn('lina', 'pw');
    expect((await learner.request('POST', apiRoutes.peerFacilities, { address: a.baseUrl })).status).toBe(403);
    const admin = createTestBrowser(b.baseUrl);
    await admin.signIn('ada', 'adminpw');
    expect((await admin.request('POST', apiRoutes.peerFacilities, { address: a.baseUrl })).status).toBe(200);
  });

  it('answers 502 PEER_UNREACHABLE when the peer is gone, and records the failure', async () => {
    const { a, b, facility } = await school();
    const { browser, response } = await pairFresh(a, b, facility.id);
    await browser.signIn('ada', 'adminpw');
    await a.core.close();
    const peerId = response.body.peer.id as string;
    const sync = await browser.request('POST', apiPath(apiRoutes.peerSync, peerId));
    expect(sync).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });
    expect((await browser.request('GET', apiPath(apiRoutes.peer, peerId))).body.lastSync).toMatchObject({ status: 'failed' });
  }, 30_000);
});

describe('POST /api/sync/import-user: a learn-only device', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  it('imports one learner with single-user scope, keeps them in sync, and forgets them locally only', async () => {
    harness = createCoreHarness({ transport: 'http' });
    const a = await harness.device('a');
    const c = await harness.device('c');
    const { facility } = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    const lina = await a.core.facility.users.createUser(facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
    const moses = await a.core.facility.users.createUser(facility.id, { username: 'moses', password: 'mosespw', fullName: 'Moses', role: 'learner' });
    const nia = await a.core.facility.users.createUser(facility.id, { username: 'nia', password: 'niapw', fullName: 'Nia', role: 'learner' });
    const room = a.core.facility.classes.createClass(facility.id, { name: 'Grade 4' });
    a.core.facility.classes.setClassLearners(room.id, [lina.id, moses.id, nia.id]);
    await a.listen();
    await c.listen();

    const tablet = createTestBrowser(c.baseUrl);
    await tablet.request('GET', apiRoutes.setup);
    const first = await tablet.request('POST', apiRoutes.peersImportUser, { address: a.baseUrl, username: 'lina', password: 'linapw', facilityId: facility.id });
    expect(first.status).toBe(201);
    expect(first.body.peer).toMatchObject({ userId: lina.id, facilityId: facility.id });
    expect(first.body.imported.status).toBe('completed');
    expect(c.core.facility.users.getUser(lina.id)?.username).toBe('lina');
    expect(c.core.facility.users.getUser(moses.id)).toBeUndefined();
    expect(c.core.facility.classes.getClass(room.id)?.learners.map((u) => u.id)).toEqual([lina.id]);
    // The tablet is now a learn-only device: set up, with no superuser, and Lina signs in on it.
    expect((await tablet.request('GET', apiRoutes.setup)).body).toMatchObject({ provisioned: true });
    const linaOnTablet = createTestBrowser(c.baseUrl);
    expect((await linaOnTablet.signIn('lina', 'linapw')).status).toBe(200);
    expect((await linaOnTablet.request('GET', apiRoutes.currentSession)).body.user).toMatchObject({ id: lina.id, isSuperuser: false });
    // A wrong password imports nothing.
    expect((await tablet.request('POST', apiRoutes.peersImportUser, { address: a.baseUrl, username: 'nia', password: 'nope', facilityId: facility.id })).status).toBe(401);
    expect(c.core.facility.users.getUser(nia.id)).toBeUndefined();
    // Set up, the tablet no longer lets anybody anonymous make it contact a peer.
    expect((await tablet.request('POST', apiRoutes.peersImportUser, { address: a.baseUrl, username: 'moses', password: 'mosespw', facilityId: facility.id })).status).toBe(401);
    expect((await linaOnTablet.request('POST', apiRoutes.peersImportUser, { address: a.baseUrl, username: 'moses', password: 'mosespw', facilityId: facility.id })).status).toBe(403);
    // A second learner on the same tablet, paired by the operator: a pairing of their own.
    const paired = await c.core.sync.peers.add({ address: a.baseUrl, username: 'moses', password: 'mosespw', facilityId: facility.id, scope: 'single-user' });
    expect((await c.core.sync.peers.sync(paired.id)).status).toBe('completed');
    expect(c.core.sync.peers.list().map((peer) => peer.userId).sort()).toEqual([lina.id, moses.id].sort());

    // Kept in sync: a rename on A reaches the tablet on the learner's next sync.
    await a.core.facility.users.updateUser(lina.id, { fullName: 'Lina renamed on A' });
    const linaPeer = c.core.sync.peers.list().find((peer) => peer.userId === lina.id)!;
    expect(await c.core.sync.peers.sync(linaPeer.id)).toMatchObject({ status: 'completed', pulled: 1 });
    expect(c.core.facility.users.getUser(lina.id)?.fullName).toBe('Lina renamed on A');

    // Removing Lina on the tablet is local: her pairing and certificate go, A keeps her.
    c.core.facility.users.deleteUsers([lina.id], { permanent: false });
    expect(c.core.sync.peers.list().map((peer) => peer.userId)).toEqual([moses.id]);
    expect(c.core.sync.certificates.get(linaPeer.certificateId)).toBeUndefined();
    const mosesPeer = c.core.sync.peers.list()[0]!;
    expect((await c.core.sync.peers.sync(mosesPeer.id)).status).toBe('completed');
    expect(a.core.facility.users.getUser(lina.id)?.dateDeleted).toBeNull();
  });
});
