import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import type { MySyncStatusResponse, PeerDto } from '../../contract/sync.js';
import { createCore, type Core } from '../../create-core.js';
import { seededRandom } from '../../sync/test-support/seeded-random.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';

/**
 * Issue 16 over real HTTP between cores on loopback: device names, automatic syncs driven by a
 * manual scheduler, the server's line of syncs, what each device says about its sync, and a
 * facility that is gone on the other side.
 */

/** Device A: a school server that a test can stop and start again on the same port (or replace by a fresh one). */
async function startServerA(home: TempHome, port = 0): Promise<{ core: Core; url: string }> {
  const core = await createCore({ home: home.path, clock: createManualClock(Date.UTC(2026, 0, 1)), random: seededRandom(`a-${home.path}-${port}`), passwordHashCost: 4, sync: { retries: 1, backoffMs: 5, allowLoopbackPeers: true, autoSync: false } });
  const url = await core.listen({ host: '127.0.0.1', port });
  return { core, url };
}

async function school(a: Core) {
  // Naming needs a set-up device.
  expect(() => a.facility.setup.setDeviceName('Riverside')).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  const { facility } = await a.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
  a.facility.setup.setDeviceName('Riverside School server');
  await a.facility.users.createUser(facility.id, { username: 'ada', password: 'adminpw', fullName: 'Ada Admin', role: 'admin' });
  const lina = await a.facility.users.createUser(facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
  return { facility, lina };
}

async function learnOnlyTablet(c: CoreDevice, aUrl: string, facilityId: string) {
  await c.listen();
  const setup = createTestBrowser(c.baseUrl);
  await setup.request('GET', apiRoutes.setup);
  const imported = await setup.request('POST', apiRoutes.peersImportUser, { address: aUrl, username: 'lina', password: 'linapw', facilityId });
  expect(imported.status).toBe(201);
  const lina = createTestBrowser(c.baseUrl);
  expect((await lina.signIn('lina', 'linapw')).status).toBe(200);
  return { lina, peerId: (imported.body.peer as PeerDto).id };
}

describe('devices name themselves, sync by themselves and say how their sync stands', () => {
  let harness: CoreHarness;
  const homes: TempHome[] = [];
  const servers: Core[] = [];
  afterEach(async () => {
    await harness?.dispose();
    for (const core of servers.splice(0)) await core.close();
    for (const home of homes.splice(0)) home.remove();
  });

  it('a learn-only tablet syncs by itself after its server comes back, with no sign-in, and its learner sees how it stands', async () => {
    const homeA = createTempHome('outpost-a-');
    homes.push(homeA);
    let a = await startServerA(homeA);
    servers.push(a.core);
    const { facility, lina: linaOnA } = await school(a.core);
    harness = createCoreHarness({ transport: 'http' });
    const c = await harness.device('c');
    const { lina, peerId } = await learnOnlyTablet(c, a.url, facility.id);

    // Her own status, never a 403: the server by its name, the last sync, the next one planned.
    const status = await lina.request('GET', apiRoutes.mySyncStatus);
    expect(status.status).toBe(200);
    const [pairing] = (status.body as MySyncStatusResponse).pairings;
    expect(pairing).toMatchObject({ id: peerId, name: 'Riverside School server', userId: linaOnA.id, activity: { state: 'idle' }, stopped: null, consecutiveFailures: 0 });
    expect(pairing!.lastSuccessAt).not.toBeNull();
    expect(Date.parse(pairing!.nextSyncAt!) - c.clock.now()).toBe(5 * 60_000);
    // The server knows who synced with it: the tablet's instance id, name and address.
    expect(a.core.sync.clients.list()).toEqual([expect.objectContaining({ instanceId: c.core.sync.instanceId, userId: linaOnA.id, address: '127.0.0.1', deviceName: expect.any(String) })]);

    // A stops. The planned sync fails, is recorded in plain words and backs off to the retry period.
    const port = Number(new URL(a.url).port);
    await a.core.close();
    c.scheduler.advance(5 * 60_000);
    await vi.waitFor(() => expect(c.core.sync.peers.get(peerId)?.consecutiveFailures).toBe(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(c.core.sync.autoSync.nextAt(peerId)).toBe(c.clock.now() + 60_000));
    const failing = (await lina.request('GET', apiRoutes.mySyncStatus)).body as MySyncStatusResponse;
    expect(failing.pairings[0]!.lastSync).toMatchObject({ status: 'failed' });
    expect(failing.pairings[0]!.lastSync!.error).toMatch(/could not|reach|connect/i);

    // A comes back on the same address with a change for Lina; C syncs by itself within the retry period.
    a = await startServerA(homeA, port);
    servers.push(a.core);
    await a.core.facility.users.updateUser(linaOnA.id, { fullName: 'Lina while the tablet waited' });
    c.scheduler.advance(60_000);
    await vi.waitFor(() => expect(c.core.facility.users.getUser(linaOnA.id)?.fullName).toBe('Lina while the tablet waited'), { timeout: 10_000 });
    await vi.waitFor(() => expect(c.core.sync.peers.get(peerId)?.consecutiveFailures).toBe(0));

    // The Connect learners page is for admins; a tablet on loopback has no LAN address to show.
    expect((await lina.request('GET', apiRoutes.deviceAddresses)).status).toBe(403);
    const rootOnA = createTestBrowser(a.url);
    expect((await rootOnA.signIn('root', 'rootpw')).status).toBe(200);
    expect((await rootOnA.request('GET', apiRoutes.deviceAddresses)).body).toEqual({ urls: [], localUrl: null, reachableOnLan: false });
    // A superuser names the device; a name that is empty or two lines is refused and changes nothing.
    expect((await rootOnA.request('PUT', apiRoutes.device, { name: 'Room 2 laptop' })).body).toMatchObject({ name: 'Room 2 laptop', custom: true });
    expect((await rootOnA.request('PUT', apiRoutes.device, { name: 'two\nlines' })).status).toBe(400);
    expect((await rootOnA.request('GET', apiRoutes.device)).body).toMatchObject({ name: 'Room 2 laptop' });
    expect((await lina.request('PUT', apiRoutes.device, { name: 'mine' })).status).toBe(403);

    // "Sync now" for her own pairing, as the learner.
    const now = await lina.request('POST', apiRoutes.mySyncNow);
    expect(now.status).toBe(200);
    expect((now.body as MySyncStatusResponse).pairings[0]).toMatchObject({ name: 'Room 2 laptop', lastSync: { status: 'completed' } });
  });

  it('queues syncs beyond the server’s concurrency: five devices at once all finish, at most two at a time, and the waiting ones know their place', async () => {
    harness = createCoreHarness({ transport: 'http', realTimers: true, sync: { serverSyncConcurrency: 2, queueRetryMs: 20, autoSync: false } });
    const a = await harness.device('a');
    const { facility } = await school(a.core);
    for (let i = 0; i < 30; i++) await a.core.facility.users.createUser(facility.id, { username: `learner${i}`, password: 'pw', fullName: `Learner ${i}`, role: 'learner' });
    await a.listen();
    const devices = await Promise.all(['b1', 'b2', 'b3', 'b4', 'b5'].map((name) => harness.device(name)));
    const pairings: { id: string }[] = [];
    for (const device of devices) pairings.push(await device.core.sync.peers.add({ address: a.baseUrl, username: 'ada', password: 'adminpw', facilityId: facility.id }));

    let mostAtOnce = 0;
    const watch = a.core.sync.onDidProgress(() => {
      mostAtOnce = Math.max(mostAtOnce, a.core.sync.admission!.active());
    });
    const positions: number[] = [];
    const stops = devices.map((device) =>
      device.core.sync.peers.onDidChangePeer((id) => {
        const activity = device.core.sync.peers.activity(id);
        if (activity.state === 'queued') positions.push(activity.position);
      }),
    );
    const outcomes = await Promise.all(devices.map((device, i) => device.core.sync.peers.sync(pairings[i]!.id)));
    watch();
    for (const stop of stops) stop();

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['completed', 'completed', 'completed', 'completed', 'completed']);
    for (const device of devices) expect(device.core.facility.users.listUsers(facility.id, { pageSize: 50 }).total).toBe(33);
    expect(mostAtOnce).toBe(2);
    expect(positions.length).toBeGreaterThan(0);
    expect(Math.min(...positions)).toBe(1);
    expect(Math.max(...positions)).toBeLessThanOrEqual(3);
    expect(a.core.sync.admission!.active()).toBe(0);
  });

  it('stops with plain words when the facility is gone on the server, keeps every row, offers unpairing, and never answers 500', async () => {
    harness = createCoreHarness({ transport: 'http', sync: { autoSync: false } });
    const a = await harness.device('a');
    const { facility, lina: linaOnA } = await school(a.core);
    await a.listen();
    // B: a full device, set up by importing the facility; C: Lina's learn-only tablet.
    const b = await harness.device('b');
    await b.listen();
    const adminOnB = createTestBrowser(b.baseUrl);
    await adminOnB.request('GET', apiRoutes.setup);
    const paired = await adminOnB.request('POST', apiRoutes.peers, { address: a.baseUrl, username: 'ada', password: 'adminpw', facilityId: facility.id });
    expect(paired.status).toBe(201);
    expect(paired.body.peer).toMatchObject({ name: 'Riverside School server', schedule: { kind: 'manual' }, nextSyncAt: null });
    expect((await adminOnB.signIn('ada', 'adminpw')).status).toBe(200);
    const bPeerId = (paired.body.peer as PeerDto).id;
    const c = await harness.device('c');
    const { lina } = await learnOnlyTablet(c, a.baseUrl, facility.id);
    const usersOnB = b.core.facility.users.listUsers(facility.id, { pageSize: 50 }).total;

    // An admin sets B's schedule: every 30 minutes, then daily at 16:00; bad ones change nothing.
    expect((await adminOnB.request('PUT', apiPath(apiRoutes.peerSchedule, bPeerId), { schedule: { kind: 'every', minutes: 30 } })).body).toMatchObject({ schedule: { kind: 'every', minutes: 30 } });
    expect((await adminOnB.request('PUT', apiPath(apiRoutes.peerSchedule, bPeerId), { schedule: { kind: 'daily', at: '25:00' } })).status).toBe(400);
    expect((await adminOnB.request('PUT', apiPath(apiRoutes.peerSchedule, bPeerId), { schedule: { kind: 'daily', at: '16:00' } })).body).toMatchObject({ schedule: { kind: 'daily', at: '16:00' } });
    // A names B by B's own name among the devices that synced with it.
    const rootOnA = createTestBrowser(a.baseUrl);
    expect((await rootOnA.signIn('root', 'rootpw')).status).toBe(200);
    const clients = await rootOnA.request('GET', apiRoutes.syncClients);
    expect(clients.status).toBe(200);
    expect(clients.body.clients.map((client: { instanceId: string }) => client.instanceId).sort()).toEqual([b.core.sync.instanceId, c.core.sync.instanceId].sort());

    // A super admin of another facility on A deletes Hill School there.
    const office = a.core.facility.facilities.createFacility({ name: 'Office' });
    const boss = await a.core.facility.users.createUser(office.id, { username: 'boss', password: 'bosspw', fullName: 'Boss', role: 'admin' });
    await a.core.facility.users.updateUser(boss.id, { isSuperuser: true });
    a.core.facility.facilities.deleteFacility(facility.id);
    const words = 'Hill School no longer exists on Riverside School server. This device keeps its data.';
    const onB = await adminOnB.request('POST', apiPath(apiRoutes.peerSync, bPeerId));
    expect(onB.status).toBe(409);
    expect(onB.body).toMatchObject({ code: 'SYNC_STOPPED', message: words, details: [{ path: 'reason', message: 'facility-gone' }] });
    const listed = (await adminOnB.request('GET', apiRoutes.peers)).body.peers[0] as PeerDto;
    expect(listed.stopped).toMatchObject({ reason: 'facility-gone', facilityName: 'Hill School', peerName: 'Riverside School server', message: words });
    expect(listed.lastSync).toMatchObject({ status: 'failed', error: words });
    expect(b.core.facility.users.listUsers(facility.id, { pageSize: 50 }).total).toBe(usersOnB);
    // Asking again answers the same, without contacting A.
    expect((await adminOnB.request('POST', apiPath(apiRoutes.peerSync, bPeerId))).body).toMatchObject({ code: 'SYNC_STOPPED', message: words });

    // The learner on C is told in plain words, keeps working offline, and sees no 403 and no 500.
    const onC = await lina.request('POST', apiRoutes.mySyncNow);
    expect(onC.status).toBe(200);
    expect((onC.body as MySyncStatusResponse).pairings[0]).toMatchObject({ stopped: { reason: 'facility-gone', message: words }, nextSyncAt: null });
    expect(c.core.facility.users.getUser(linaOnA.id)?.fullName).toBe('Lina');
    expect((await lina.request('GET', apiRoutes.currentSession)).status).toBe(200);

    // Unpairing forgets the peer and its certificate, and deletes no data.
    const certificateId = b.core.sync.peers.get(bPeerId)!.certificateId;
    expect((await adminOnB.request('DELETE', apiPath(apiRoutes.peer, bPeerId))).status).toBe(204);
    expect(b.core.sync.peers.list()).toEqual([]);
    expect(b.core.sync.certificates.get(certificateId)).toBeUndefined();
    expect(b.core.facility.facilities.getFacility(facility.id)?.name).toBe('Hill School');
    expect(b.core.facility.users.listUsers(facility.id, { pageSize: 50 }).total).toBe(usersOnB);
  });

  it('stops the same way for a certificate revoked on the server, and for a server that was reset into a new instance', async () => {
    harness = createCoreHarness({ transport: 'http', sync: { autoSync: false } });
    const homeA = createTempHome('outpost-a-');
    homes.push(homeA);
    let a = await startServerA(homeA);
    servers.push(a.core);
    const provisioned = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    a.core.facility.setup.setDeviceName('Riverside School server');
    await a.core.facility.users.createUser(provisioned.facility.id, { username: 'ada', password: 'adminpw', fullName: 'Ada Admin', role: 'admin' });
    await a.core.facility.users.createUser(provisioned.facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
    const b = await harness.device('b');
    const peer = await b.core.sync.peers.add({ address: a.url, username: 'ada', password: 'adminpw', facilityId: provisioned.facility.id });
    expect((await b.core.sync.peers.sync(peer.id)).status).toBe('completed');
    const c = await harness.device('c');
    const { lina, peerId } = await learnOnlyTablet(c, a.url, provisioned.facility.id);

    // A revokes B's certificate.
    a.core.sync.certificates.revoke(peer.certificateId, provisioned.facility.datasetId);
    await expect(b.core.sync.peers.sync(peer.id)).rejects.toMatchObject({ code: 'SYNC_STOPPED', details: [{ path: 'reason', message: 'certificate-revoked' }] });
    expect(b.core.sync.peers.get(peer.id)?.stopped?.reason).toBe('certificate-revoked');
    expect(b.core.facility.facilities.getFacility(provisioned.facility.id)).toBeDefined();

    // A is reset: a fresh device answers at the same address.
    const port = Number(new URL(a.url).port);
    await a.core.close();
    const freshHome = createTempHome('outpost-a-fresh-');
    homes.push(freshHome);
    a = await startServerA(freshHome, port);
    servers.push(a.core);
    const onC = await lina.request('POST', apiRoutes.mySyncNow);
    expect(onC.status).toBe(200);
    expect((onC.body as MySyncStatusResponse).pairings[0]!.stopped).toMatchObject({ reason: 'peer-replaced' });
    expect(c.core.sync.peers.get(peerId)?.stopped?.reason).toBe('peer-replaced');
    expect(c.core.facility.facilities.getFacility(provisioned.facility.id)).toBeDefined();
  });
});
