import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { createTestBrowser, type TestEventStream } from '../server/auth/test-support/test-browser.js';
import { facilityPartitions } from './model/facility-partitions.js';
import { recordId } from './model/record-id.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './test-support/core-harness.js';

describe.each(['in-process', 'http'] as const)('syncing facility data between cores (%s)', (transport) => {
  let harness: CoreHarness;
  const streams: TestEventStream[] = [];
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.abort();
    await harness?.dispose();
  });

  /** A with a facility (learners L and M, coach K, a class with a group), B with a full-facility certificate. */
  async function school() {
    harness = createCoreHarness({ transport });
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facilityId, datasetId } = harness.createFacility(a, 'Ridge School');
    harness.issue(a, b, 'full-facility');
    const fa = a.core.facility;
    const learner = await fa.users.createUser(facilityId, { username: 'lina', password: 'pw', fullName: 'Lina Learner', role: 'learner' });
    const other = await fa.users.createUser(facilityId, { username: 'moses', password: 'pw', fullName: 'Moses Other', role: 'learner' });
    const coach = await fa.users.createUser(facilityId, { username: 'kofi', password: 'pw', fullName: 'Kofi Coach', role: 'coach' });
    const room = fa.classes.createClass(facilityId, { name: 'Grade 4' });
    fa.classes.setClassLearners(room.id, [learner.id, other.id]);
    fa.classes.setClassCoaches(room.id, [coach.id]);
    const group = fa.classes.createGroup(room.id, { name: 'Readers' });
    fa.classes.setGroupLearners(group.id, [learner.id]);
    return { a, b, facilityId, datasetId, learner, other, coach, room, group };
  }

  /** What two devices must agree on about a facility. */
  function view(device: CoreDevice, facilityId: string) {
    const f = device.core.facility;
    const users = f.users.listUsers(facilityId, { pageSize: 100 }).items;
    const removed = f.users.listUsers(facilityId, { pageSize: 100, deleted: true }).items;
    const classes = f.classes.listClasses(facilityId).map((room) => ({
      ...room,
      detail: f.classes.getClass(room.id),
      groups: f.classes.listGroups(room.id),
    }));
    return { facility: f.facilities.getFacility(facilityId), users, removed, classes };
  }

  const storeRow = (device: CoreDevice, partition: string, sourceId: string, model: string) =>
    device.core.databases.get<any>('default').handle.prepare('select serialized, deleted, hard_deleted, conflicting from sync_store where id = ?').get(recordId(partition, sourceId, model)) as
      | { serialized: string | null; deleted: number; hard_deleted: number; conflicting: string }
      | undefined;

  it('carries users, classes, groups and memberships both ways; a second sync transfers nothing', async () => {
    const { a, b, facilityId, other, room } = await school();
    const first = await harness.syncPair(b, a);
    expect(first.pushed).toBe(0);
    expect(first.pulled).toBeGreaterThan(8);
    expect(view(b, facilityId)).toEqual(view(a, facilityId));
    expect(b.core.facility.classes.getClass(room.id)?.learners.map((u) => u.username)).toEqual(['lina', 'moses']);

    await b.core.facility.users.updateUser(other.id, { fullName: 'Moses Renamed On B' });
    const newcomer = await b.core.facility.users.createUser(facilityId, { username: 'nia', password: 'pw', fullName: 'Nia New', role: 'learner' });
    b.core.facility.classes.renameClass(room.id, 'Grade 4 North');
    expect((await harness.syncPair(b, a)).pushed).toBe(3);
    expect(a.core.facility.users.getUser(other.id)?.fullName).toBe('Moses Renamed On B');
    expect(a.core.facility.users.getUser(newcomer.id)?.username).toBe('nia');
    expect(view(a, facilityId)).toEqual(view(b, facilityId));
    // The new user signs in on A with the password set on B.
    expect(await a.core.facility.authentication.authenticate('nia', 'pw')).toMatchObject({ id: newcomer.id });

    expect(await harness.syncPair(b, a)).toEqual({ pushed: 0, pulled: 0 });
    expect(await harness.syncPair(a, b)).toEqual({ pushed: 0, pulled: 0 });
  });

  it('resolves concurrent edits of one user to the same winner on both, keeping the loser, whatever the order', async () => {
    const outcomes = [];
    for (const order of ['b-first', 'a-first'] as const) {
      const { a, b, facilityId, datasetId, learner } = await school();
      await harness.syncPair(b, a);
      a.clock.advance(60_000);
      b.clock.advance(120_000);
      await a.core.facility.users.updateUser(learner.id, { fullName: 'Lina (edited on A)' });
      await b.core.facility.users.updateUser(learner.id, { fullName: 'Lina (edited on B, later)' });
      if (order === 'b-first') await harness.syncPair(b, a);
      else await harness.syncPair(a, b);
      const partition = facilityPartitions.userReadOnly(datasetId, learner.id);
      const result = [a, b].map((device) => ({
        name: device.core.facility.users.getUser(learner.id)?.fullName,
        losers: (JSON.parse(storeRow(device, partition, learner.id, 'facilityuser')!.conflicting) as { serialized: string }[]).map((v) => JSON.parse(v.serialized).full_name),
      }));
      expect(result[0]).toEqual(result[1]);
      outcomes.push(result[0]);
      expect(view(a, facilityId)).toEqual(view(b, facilityId));
      await harness.dispose();
    }
    expect(outcomes[0]).toEqual({ name: 'Lina (edited on B, later)', losers: ['Lina (edited on A)'] });
    expect(outcomes[1]).toEqual(outcomes[0]);
  });

  it('signs a user out on B when A removes them and the removal arrives by sync', async () => {
    const { a, b, facilityId, learner, other } = await school();
    await harness.syncPair(b, a);
    await b.listen();
    const tablet = createTestBrowser(b.baseUrl);
    expect((await tablet.signIn('lina', 'pw')).status).toBe(200);
    const bystander = createTestBrowser(b.baseUrl);
    expect((await bystander.signIn('moses', 'pw')).status).toBe(200);
    const events = await tablet.openEvents();
    streams.push(events);

    a.core.facility.users.deleteUsers([learner.id], { permanent: false });
    await harness.syncPair(b, a);

    expect(b.core.facility.users.getUser(learner.id)?.dateDeleted).not.toBeNull();
    expect(await events.nextEvent(1_000)).toEqual({ event: 'session-ended', data: JSON.stringify({ reason: 'user-deleted' }) });
    expect((await tablet.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await bystander.request('GET', '/api/auth/session')).status).toBe(200);
    expect(view(b, facilityId)).toEqual(view(a, facilityId));
    void other;

    // Restored on A, the user is back on B too.
    a.core.facility.users.restoreUsers([learner.id]);
    await harness.syncPair(b, a);
    expect(b.core.facility.users.getUser(learner.id)?.dateDeleted).toBeNull();
  });

  it('wipes a permanently deleted user from both stores, with their memberships', async () => {
    const { a, b, facilityId, datasetId, other, room } = await school();
    await harness.syncPair(b, a);
    a.core.facility.users.deleteUsers([other.id], { permanent: true });
    await harness.syncPair(b, a);
    expect(b.core.facility.users.getUser(other.id)).toBeUndefined();
    expect(b.core.facility.classes.getClass(room.id)?.learners.map((u) => u.username)).toEqual(['lina']);
    const partition = facilityPartitions.userReadOnly(datasetId, other.id);
    for (const device of [a, b]) {
      expect(storeRow(device, partition, other.id, 'facilityuser')).toEqual({ serialized: null, deleted: 1, hard_deleted: 1, conflicting: '[]' });
      const rows = device.core.databases.get<any>('default').handle.prepare('select serialized from sync_store where serialized like ?').all(`%${other.id}%`);
      expect(rows).toEqual([]);
    }
    expect(view(b, facilityId)).toEqual(view(a, facilityId));
  });

  it("gives a learn-only device its learner and the facility's shared data, and refuses anything beyond its scope", async () => {
    const { a, facilityId, datasetId, learner, other, room, group } = await school();
    const c = await harness.device('c');
    harness.issue(a, c, 'single-user', learner.id);
    await harness.syncPair(c, a);
    const fc = c.core.facility;
    expect(fc.facilities.getFacility(facilityId)?.name).toBe('Ridge School');
    expect(fc.users.getUser(learner.id)?.username).toBe('lina');
    expect(fc.users.getUser(other.id)).toBeUndefined();
    expect(fc.classes.listClasses(facilityId).map((r) => r.name)).toEqual(['Grade 4']);
    expect(fc.classes.getClass(room.id)?.learners.map((u) => u.id)).toEqual([learner.id]);
    expect(fc.classes.listGroups(room.id).map((g) => g.id)).toEqual([group.id]);
    const partitions = (c.core.databases.get<any>('default').handle.prepare('select distinct partition from sync_store').all() as { partition: string }[]).map((r) => r.partition).sort();
    expect(partitions).toEqual([facilityPartitions.allUsersReadOnly(datasetId), facilityPartitions.userReadOnly(datasetId, learner.id)].sort());

    // The tablet changes its learner locally; that record is outside what it may write.
    await fc.users.updateUser(learner.id, { fullName: 'Lina renamed on the tablet' });
    expect(await harness.syncPair(c, a)).toEqual({ pushed: 0, pulled: 0 });
    const connection = await c.core.sync.connect(await harness.transportTo(a), { certificateId: c.certificateId });
    const refused = await connection.push({ filter: [datasetId] }).catch((error: unknown) => error);
    await connection.close();
    expect(isCoreError(refused, 'SYNC_SCOPE_VIOLATION')).toBe(true);
    expect(a.core.facility.users.getUser(learner.id)?.fullName).toBe('Lina Learner');
  });

  it('forgets a facility deleted on one device without deleting it elsewhere, and brings it back whole on re-import', async () => {
    const { a, b, facilityId } = await school();
    await harness.syncPair(b, a);
    const own = await b.core.facility.users.createUser(facilityId, { username: 'bea', password: 'pw', fullName: 'Made on B', role: 'learner' });
    await harness.syncPair(b, a);
    b.core.facility.facilities.deleteFacility(facilityId);
    b.core.sync.serialize();
    const left = b.core.databases.get<any>('default').handle.prepare('select count(*) as n from sync_store').get() as { n: number };
    // B's store forgot the dataset, and claims none of it any more.
    expect(left.n).toBe(0);
    expect(b.core.facility.facilities.getFacility(facilityId)).toBeUndefined();
    // Syncing again is a fresh import: A still has everything, B's own user included.
    await harness.syncPair(b, a);
    expect(a.core.facility.users.getUser(own.id)?.username).toBe('bea');
    expect(view(b, facilityId)).toEqual(view(a, facilityId));
  });

  it('converges three devices that each changed something, once every pair has synced', async () => {
    const { a, b, facilityId, learner, other, room } = await school();
    const c = await harness.device('c');
    harness.issue(a, c, 'full-facility');
    await harness.syncPair(b, a);
    await harness.syncPair(c, a);
    await a.core.facility.users.updateUser(learner.id, { fullName: 'Lina from A' });
    b.core.facility.users.deleteUsers([other.id], { permanent: false });
    await c.core.facility.users.createUser(facilityId, { username: 'tumi', password: 'pw', fullName: 'Tumi on C', role: 'learner' });
    c.core.facility.classes.renameClass(room.id, 'Grade 4 (C)');
    await harness.syncPair(a, b);
    await harness.syncPair(a, c);
    await harness.syncPair(b, c);
    expect(view(b, facilityId)).toEqual(view(a, facilityId));
    expect(view(c, facilityId)).toEqual(view(a, facilityId));
    expect(view(a, facilityId).users.map((u) => u.fullName).sort()).toEqual(['Kofi Coach', 'Lina from A', 'Tumi on C']);
  });
});

describe('a facility’s dataset', () => {
  let harness: CoreHarness | undefined;
  afterEach(async () => harness?.dispose());

  it('is the id of a root certificate the device owns, for the first facility (setup) and every later one', async () => {
    harness = createCoreHarness();
    const device = await harness.device('solo');
    const { facility } = await device.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'pw', fullName: 'Root' } });
    const second = device.core.facility.facilities.createFacility({ name: 'Valley School' });
    expect(facility.datasetId).not.toBe(second.datasetId);
    for (const datasetId of [facility.datasetId, second.datasetId]) {
      const root = device.core.sync.certificates.get(datasetId);
      expect(root).toMatchObject({ id: datasetId, parentId: null, scopeDefinition: 'full-facility', scopeParams: { dataset_id: datasetId } });
      expect(device.core.sync.certificates.own(datasetId).map((each) => each.id)).toContain(datasetId);
    }
  });
});
