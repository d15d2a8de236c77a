import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import type { UsersDeletedEvent } from './facility-records.js';
import { openFacilityFixture, provisionFixture, type FacilityFixture } from './test-support/facility-fixture.js';

let fixture: FacilityFixture;
let events: UsersDeletedEvent[];

beforeEach(async () => {
  fixture = await openFacilityFixture();
  events = [];
  fixture.service.onDidDeleteUsers((event) => events.push(event));
});
afterEach(() => fixture.close());

async function caught(work: () => unknown): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function learners(facilityId: string, count: number, prefix = 'learner') {
  const users = [];
  for (let i = 0; i < count; i += 1) {
    users.push(await fixture.service.users.createUser(facilityId, { username: `${prefix}${i}`, password: 'pw', fullName: `Learner ${i}`, role: 'learner' }));
  }
  return users;
}

/** Rows of a table, read through a second connection: only committed data is visible there. */
function committed<T>(sql: string, ...params: unknown[]): T[] {
  const reader = new Database(fixture.databases.get('default').file, { readonly: true });
  try {
    return reader.prepare(sql).all(...params) as T[];
  } finally {
    reader.close();
  }
}

describe('setup', () => {
  it('provisions once: a facility and a superuser who is also its admin; the second time is a CONFLICT', async () => {
    expect(fixture.service.setup.isProvisioned()).toBe(false);
    const { facility, superuser } = await provisionFixture(fixture.service);
    expect(fixture.service.setup.isProvisioned()).toBe(true);
    expect(facility).toMatchObject({ name: 'Ridge School', userCount: 1 });
    expect(superuser).toMatchObject({ username: 'root', kind: 'admin', isSuperuser: true, facilityId: facility.id, dateDeleted: null });
    const error = await caught(() => provisionFixture(fixture.service));
    expect(isCoreError(error, 'CONFLICT')).toBe(true);
    expect(fixture.service.facilities.listFacilities()).toHaveLength(1);
  });

  it('completes setup from an imported facility once: it becomes the default and the importing admin the superuser', async () => {
    // What an import leaves behind: a facility and its users, on a device nobody has set up.
    const facility = fixture.service.facilities.createFacility({ name: 'Imported School' });
    const admin = await fixture.service.users.createUser(facility.id, { username: 'amina', password: 'pw', fullName: 'Amina Admin', role: 'admin' });
    const learner = (await learners(facility.id, 1))[0]!;
    const removed = (await learners(facility.id, 1, 'gone'))[0]!;
    fixture.service.users.deleteUsers([removed.id], { permanent: false });
    expect(fixture.service.setup.isProvisioned()).toBe(false);

    for (const wrong of ['no-such-user', removed.id]) {
      expect(isCoreError(await caught(() => fixture.service.setup.completeSetupFromImport(facility.id, wrong)), 'NOT_FOUND')).toBe(true);
    }
    expect(isCoreError(await caught(() => fixture.service.setup.completeSetupFromImport('no-such-facility', admin.id)), 'NOT_FOUND')).toBe(true);
    expect(fixture.service.setup.isProvisioned()).toBe(false);

    expect(fixture.service.setup.completeSetupFromImport(facility.id, admin.id)).toMatchObject({ id: admin.id, isSuperuser: true, kind: 'admin' });
    expect(fixture.service.setup.isProvisioned()).toBe(true);
    expect(isCoreError(await caught(() => fixture.service.setup.completeSetupFromImport(facility.id, learner.id)), 'CONFLICT')).toBe(true);
    expect(fixture.service.users.getUser(learner.id)?.isSuperuser).toBe(false);
  });

  it('completes a learn-only setup from an imported learner, with no superuser, once', async () => {
    const facility = fixture.service.facilities.createFacility({ name: 'Imported School' });
    const learner = await fixture.service.users.createUser(facility.id, { username: 'lina', password: 'pw', fullName: 'Lina', role: 'learner' });
    expect(isCoreError(await caught(() => fixture.service.setup.completeLearnOnlySetup(facility.id, 'no-such-user')), 'NOT_FOUND')).toBe(true);
    expect(fixture.service.setup.isProvisioned()).toBe(false);
    fixture.service.setup.completeLearnOnlySetup(facility.id, learner.id);
    expect(fixture.service.setup.isProvisioned()).toBe(true);
    expect(fixture.service.users.getUser(learner.id)?.isSuperuser).toBe(false);
    expect(isCoreError(await caught(() => fixture.service.setup.completeLearnOnlySetup(facility.id, learner.id)), 'CONFLICT')).toBe(true);
  });
});

describe('onDidDeleteUsers', () => {
  it('fires once per soft delete, after the commit, with only the users who became deleted', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a, b, c] = await learners(facility.id, 3);
    const seenCommitted: (string | null)[] = [];
    fixture.service.onDidDeleteUsers(({ userIds }) => {
      for (const id of userIds) seenCommitted.push(committed<{ date_deleted: string | null }>('select date_deleted from facility_user where id = ?', id)[0]!.date_deleted);
    });

    fixture.service.users.deleteUsers([a!.id], { permanent: false });
    expect(events).toEqual([{ userIds: [a!.id], reason: 'user-deleted' }]);

    fixture.service.users.deleteUsers([a!.id, b!.id, c!.id], { permanent: false });
    expect(events).toHaveLength(2);
    expect([...events[1]!.userIds].sort()).toEqual([b!.id, c!.id].sort());
    // The listener ran after COMMIT: another connection already saw every deletion.
    expect(seenCommitted.every((value) => value !== null)).toBe(true);
  });

  it('fires for hard deletes of active users, not for removing users who were already soft-deleted', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a, b] = await learners(facility.id, 2);
    fixture.service.users.deleteUsers([a!.id], { permanent: false });
    events.length = 0;
    const result = fixture.service.users.deleteUsers([a!.id, b!.id], { permanent: true });
    expect(result).toEqual({ affected: 2, signedOut: [b!.id] });
    expect(events).toEqual([{ userIds: [b!.id], reason: 'user-deleted' }]);
    expect(fixture.service.users.getUser(a!.id)).toBeUndefined();
    expect(fixture.service.users.getUser(b!.id)).toBeUndefined();
  });

  it('fires for a bulk update that sets date_deleted, and not for one that restores', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const users = await learners(facility.id, 3);
    const ids = users.map((user) => user.id);
    const result = fixture.service.users.updateUsers(ids, { dateDeleted: '2026-01-02T00:00:00.000Z', gender: 'female' });
    expect([...result.signedOut].sort()).toEqual([...ids].sort());
    expect(events).toHaveLength(1);
    expect(fixture.service.users.getUser(ids[0]!)).toMatchObject({ dateDeleted: '2026-01-02T00:00:00.000Z', gender: 'female' });
    events.length = 0;
    expect([...fixture.service.users.updateUsers(ids, { dateDeleted: null }).restored].sort()).toEqual([...ids].sort());
    expect(events).toEqual([]);
  });

  it('fires nothing and changes nothing when the write rolls back (the last superuser)', async () => {
    const { superuser, facility } = await provisionFixture(fixture.service);
    const [a] = await learners(facility.id, 1);
    for (const permanent of [false, true]) {
      const error = await caught(() => fixture.service.users.deleteUsers([a!.id, superuser.id], { permanent }));
      expect(isCoreError(error, 'CONFLICT')).toBe(true);
      expect((error as Error).message).toMatch(/last superuser/);
    }
    expect(events).toEqual([]);
    expect(fixture.service.authentication.findActiveUser(a!.id)).toBeDefined();
    expect(committed('select * from sync_deletion')).toEqual([]);
  });

  it('answers NOT_FOUND for unknown ids in a bulk delete and deletes nobody', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a] = await learners(facility.id, 1);
    const error = await caught(() => fixture.service.users.deleteUsers([a!.id, 'f'.repeat(32)], { permanent: false }));
    expect(isCoreError(error, 'NOT_FOUND')).toBe(true);
    expect(fixture.service.authentication.findActiveUser(a!.id)).toBeDefined();
    expect(events).toEqual([]);
  });

  it('restores a removed user without announcing anything', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a] = await learners(facility.id, 1);
    fixture.service.users.deleteUsers([a!.id], { permanent: false });
    events.length = 0;
    expect(fixture.service.users.restoreUsers([a!.id])).toEqual({ restored: [a!.id] });
    expect(fixture.service.authentication.findActiveUser(a!.id)).toMatchObject({ dateDeleted: null });
    expect(events).toEqual([]);
  });

  it('stops delivering after the disposer runs', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a, b] = await learners(facility.id, 2);
    const seen: UsersDeletedEvent[] = [];
    const dispose = fixture.service.onDidDeleteUsers((event) => seen.push(event));
    fixture.service.users.deleteUsers([a!.id], { permanent: false });
    dispose();
    fixture.service.users.deleteUsers([b!.id], { permanent: false });
    expect(seen).toHaveLength(1);
  });
});

describe('facility deletion', () => {
  it('removes exactly that facility with its users, classes, groups, memberships and roles, reason facility-deleted', async () => {
    const { facility: home } = await provisionFixture(fixture.service);
    const other = fixture.service.facilities.createFacility({ name: 'Valley School' });
    const homeLearners = await learners(home.id, 2, 'home');
    const otherLearners = await learners(other.id, 3, 'valley');
    const coach = await fixture.service.users.createUser(other.id, { username: 'coach', password: 'pw', fullName: 'Coach', role: 'coach' });
    const removed = otherLearners[2]!;
    fixture.service.users.deleteUsers([removed.id], { permanent: false });
    const klass = fixture.service.classes.createClass(other.id, { name: 'Grade 4' });
    fixture.service.classes.setClassLearners(klass.id, [otherLearners[0]!.id, otherLearners[1]!.id]);
    fixture.service.classes.setClassCoaches(klass.id, [coach.id]);
    const group = fixture.service.classes.createGroup(klass.id, { name: 'Readers' });
    fixture.service.classes.setGroupLearners(group.id, [otherLearners[0]!.id]);
    events.length = 0;

    const result = fixture.service.facilities.deleteFacility(other.id);

    expect(events).toHaveLength(1);
    expect(events[0]!.reason).toBe('facility-deleted');
    const expected = [otherLearners[0]!.id, otherLearners[1]!.id, coach.id].sort();
    expect([...events[0]!.userIds].sort()).toEqual(expected);
    expect([...result.signedOut].sort()).toEqual(expected);
    expect(fixture.service.facilities.getFacility(other.id)).toBeUndefined();
    for (const table of ['facility_user', 'classroom', 'learner_group', 'role'] as const) {
      expect(committed(`select id from ${table} where facility_id = ?`, other.id)).toEqual([]);
    }
    expect(committed('select id from membership')).toEqual([]);
    // The other facility is untouched.
    expect(fixture.service.users.listUsers(home.id, {}).total).toBe(3);
    expect(homeLearners.every((user) => fixture.service.authentication.findActiveUser(user.id))).toBe(true);
    // One purge record for the dataset, nothing per row: a local removal never propagates.
    expect(committed<{ kind: string }>("select kind from sync_deletion where kind = 'purge'")).toHaveLength(1);
  });

  it('refuses to delete the facility of the last superuser', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const error = await caught(() => fixture.service.facilities.deleteFacility(facility.id));
    expect(isCoreError(error, 'CONFLICT')).toBe(true);
    expect(fixture.service.facilities.getFacility(facility.id)).toBeDefined();
    expect(events).toEqual([]);
  });
});

describe('sync bookkeeping', () => {
  it('marks local writes dirty and records soft, hard and row deletions in the same transaction', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a, b] = await learners(facility.id, 2);
    const klass = fixture.service.classes.createClass(facility.id, { name: 'Grade 1' });
    fixture.service.classes.setClassLearners(klass.id, [a!.id, b!.id]);
    for (const table of ['facility_dataset', 'facility', 'facility_user', 'role', 'classroom', 'membership']) {
      expect(committed<{ dirty: number }>(`select min(sync_dirty) as dirty from ${table}`)[0]!.dirty).toBe(1);
    }
    fixture.service.users.deleteUsers([a!.id], { permanent: false });
    fixture.service.users.deleteUsers([b!.id], { permanent: true });
    const records = committed<{ model_name: string; source_id: string; kind: string; hard: number }>(
      'select model_name, source_id, kind, hard from sync_deletion order by id',
    );
    expect(records).toEqual([
      { model_name: 'facilityuser', source_id: a!.id, kind: 'soft', hard: 0 },
      expect.objectContaining({ model_name: 'membership', kind: 'hard', hard: 1 }),
      { model_name: 'facilityuser', source_id: b!.id, kind: 'hard', hard: 1 },
    ]);
    fixture.service.users.restoreUsers([a!.id]);
    expect(committed("select * from sync_deletion where kind = 'soft'")).toEqual([]);
    fixture.service.classes.deleteClass(klass.id);
    expect(committed<{ model_name: string }>("select model_name from sync_deletion where kind = 'deleted' order by model_name").map((r) => r.model_name)).toEqual([
      'classroom',
      'membership',
    ]);
  });
});

describe('applyFromSync', () => {
  const userData = (facility: { id: string; datasetId: string }, id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    facility_id: facility.id,
    dataset_id: facility.datasetId,
    username: `peer_${id.slice(0, 4)}`,
    full_name: 'From A Peer',
    password_hash: 'scrypt$16$8$1$c2FsdA==$aGFzaA==',
    birth_year: null,
    gender: null,
    id_number: null,
    date_created: '2025-12-01T00:00:00.000Z',
    date_deleted: null,
    ...overrides,
  });
  const record = (id: string, data: Record<string, unknown> | null, flags: { deleted?: boolean; hardDeleted?: boolean } = {}) => ({
    recordId: id,
    sourceId: id,
    partition: 'p',
    data: data as never,
    deleted: flags.deleted ?? false,
    hardDeleted: flags.hardDeleted ?? false,
  });

  it('inserts and updates users through the repository, announcing a user a peer removed', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [local] = await learners(facility.id, 1);
    const incomingId = 'a'.repeat(32);
    const outcomes = fixture.service.syncWrites.applyFromSync('facilityuser', [
      record(incomingId, userData(facility, incomingId)),
      record(local!.id, userData(facility, local!.id, { username: local!.username, date_deleted: '2026-01-01T10:00:00.000Z' })),
    ]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }]);
    expect(fixture.service.authentication.findActiveUser(incomingId)).toMatchObject({ fullName: 'From A Peer', kind: 'learner' });
    expect(fixture.service.authentication.findActiveUser(local!.id)).toBeUndefined();
    expect(events).toEqual([{ userIds: [local!.id], reason: 'user-deleted' }]);
    // Rows from a peer are not dirty (already in the store) and record no deletion of ours.
    expect(committed<{ sync_dirty: number }>('select sync_dirty from facility_user where id = ?', incomingId)[0]!.sync_dirty).toBe(0);
    expect(committed('select * from sync_deletion')).toEqual([]);
  });

  it('applies a hard deletion, and refuses a bad record alone without announcing it', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a, b] = await learners(facility.id, 2);
    const outcomes = fixture.service.syncWrites.applyFromSync('facilityuser', [
      record(a!.id, null, { deleted: true, hardDeleted: true }),
      record(b!.id, userData(facility, b!.id, { birth_year: 'nineteen', date_deleted: '2026-01-01T00:00:00.000Z' })),
    ]);
    expect(outcomes[0]).toEqual({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false, error: expect.stringMatching(/invalid record/) });
    expect(fixture.service.users.getUser(a!.id)).toBeUndefined();
    expect(fixture.service.authentication.findActiveUser(b!.id)).toBeDefined();
    expect(events).toEqual([{ userIds: [a!.id], reason: 'user-deleted' }]);
  });

  it('applies classes, roles and memberships, and refuses a facility deletion', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [learner] = await learners(facility.id, 1);
    const classId = 'c'.repeat(32);
    const base = { facility_id: facility.id, dataset_id: facility.datasetId };
    expect(fixture.service.syncWrites.applyFromSync('classroom', [record(classId, { id: classId, ...base, name: 'Synced class', date_created: '2026-01-01T00:00:00Z' })])).toEqual([{ ok: true }]);
    const membershipId = 'd'.repeat(32);
    expect(
      fixture.service.syncWrites.applyFromSync('membership', [
        record(membershipId, { id: membershipId, user_id: learner!.id, classroom_id: classId, learner_group_id: null, dataset_id: facility.datasetId }),
      ]),
    ).toEqual([{ ok: true }]);
    expect(fixture.service.classes.getClass(classId)).toMatchObject({ name: 'Synced class', learners: [expect.objectContaining({ id: learner!.id })] });
    const [refused] = fixture.service.syncWrites.applyFromSync('facility', [record(facility.id, null, { deleted: true })]);
    expect(refused).toMatchObject({ ok: false });
    expect(fixture.service.facilities.getFacility(facility.id)).toBeDefined();
  });
});

describe('users', () => {
  it('refuses a taken username (case-insensitively) with CONFLICT naming the field, also one held by a removed user', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const [a] = await learners(facility.id, 1);
    let error = await caught(() => fixture.service.users.createUser(facility.id, { username: 'LEARNER0', password: 'pw', fullName: 'Dup', role: 'learner' }));
    expect(isCoreError(error, 'CONFLICT')).toBe(true);
    expect((error as { details: unknown }).details).toEqual([{ path: 'username', message: 'Already taken' }]);
    fixture.service.users.deleteUsers([a!.id], { permanent: false });
    error = await caught(() => fixture.service.users.createUser(facility.id, { username: 'learner0', password: 'pw', fullName: 'Dup', role: 'learner' }));
    expect((error as Error).message).toMatch(/removed user/);
    // The same username in another facility is fine.
    const other = fixture.service.facilities.createFacility({ name: 'Other' });
    await expect(fixture.service.users.createUser(other.id, { username: 'learner0', password: 'pw', fullName: 'Twin', role: 'learner' })).resolves.toBeDefined();
  });

  it('changes a kind through roles: a demoted coach loses their class coach roles', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const coach = await fixture.service.users.createUser(facility.id, { username: 'coach', password: 'pw', fullName: 'Coach', role: 'coach' });
    const klass = fixture.service.classes.createClass(facility.id, { name: 'Grade 2' });
    fixture.service.classes.setClassCoaches(klass.id, [coach.id]);
    expect(fixture.service.classes.isCoachOf(coach.id, klass.id)).toBe(true);
    expect(await fixture.service.users.updateUser(coach.id, { role: 'admin' })).toMatchObject({ kind: 'admin' });
    expect(fixture.service.classes.isCoachOf(coach.id, klass.id)).toBe(true);
    expect(await fixture.service.users.updateUser(coach.id, { role: 'learner' })).toMatchObject({ kind: 'learner' });
    expect(fixture.service.classes.isCoachOf(coach.id, klass.id)).toBe(false);
  });

  it('refuses to revoke the last superuser', async () => {
    const { superuser } = await provisionFixture(fixture.service);
    const error = await caught(() => fixture.service.users.updateUser(superuser.id, { isSuperuser: false }));
    expect(isCoreError(error, 'CONFLICT')).toBe(true);
    expect(fixture.service.authentication.findActiveUser(superuser.id)).toMatchObject({ isSuperuser: true });
  });
});

describe('authenticate', () => {
  it('answers the active user for the right password and nothing for a wrong one, an unknown name or a removed user', async () => {
    const { facility } = await provisionFixture(fixture.service);
    const user = await fixture.service.users.createUser(facility.id, { username: 'Amina', password: 'secret', fullName: 'Amina K', role: 'learner' });
    expect(await fixture.service.authentication.authenticate('amina', 'secret')).toMatchObject({ id: user.id });
    expect(await fixture.service.authentication.authenticate('amina', 'secret', facility.id)).toMatchObject({ id: user.id });
    expect(await fixture.service.authentication.authenticate('amina', 'wrong')).toBeUndefined();
    expect(await fixture.service.authentication.authenticate('nobody', 'secret')).toBeUndefined();
    fixture.service.users.deleteUsers([user.id], { permanent: false });
    expect(await fixture.service.authentication.authenticate('amina', 'secret')).toBeUndefined();
  });

  it('re-hashes a password made with a lower cost at the next sign-in', async () => {
    const { facility } = await provisionFixture(fixture.service);
    await fixture.service.users.createUser(facility.id, { username: 'old', password: 'secret', fullName: 'Old Hash', role: 'learner' });
    const before = committed<{ password_hash: string }>("select password_hash from facility_user where username = 'old'")[0]!.password_hash;
    expect(before.startsWith('scrypt$16$8$1$')).toBe(true);
    const stronger = fixture.serviceWithCost(5);
    expect(await stronger.authentication.authenticate('old', 'wrong')).toBeUndefined();
    expect(committed<{ password_hash: string }>("select password_hash from facility_user where username = 'old'")[0]!.password_hash).toBe(before);
    expect(await stronger.authentication.authenticate('old', 'secret')).toBeDefined();
    const after = committed<{ password_hash: string }>("select password_hash from facility_user where username = 'old'")[0]!.password_hash;
    expect(after.startsWith('scrypt$32$8$1$')).toBe(true);
    expect(await stronger.authentication.authenticate('old', 'secret')).toBeDefined();
  });
});
