import { afterEach, describe, expect, it } from 'vitest';
import { writeLegacyUserFields } from '../facility/test-support/legacy-user-fields.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './test-support/core-harness.js';

/**
 * Records from a peer are applied a page at a time, the whole page in one savepoint. These check
 * the way back when a page holds a record the app refuses: the page is applied again one record
 * at a time, so the others still land and only the refused one waits, dirty, with its reason.
 */
describe('applying a page of synced records', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  async function pairOfDevices() {
    harness = createCoreHarness();
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facilityId } = harness.createFacility(a, 'Ridge School');
    harness.issue(a, b, 'full-facility');
    await harness.syncPair(b, a);
    return { a, b, facilityId };
  }

  const storeErrors = (device: CoreDevice) =>
    device.core.databases.get<any>('default').handle.prepare('select s.source_id, q.error as deserialize_error from sync_apply_queue q join sync_store s on s.position = q.position where q.error is not null').all() as { source_id: string; deserialize_error: string }[];

  it('applies the other users of a page when the receiver refuses one of them', async () => {
    const { a, b, facilityId } = await pairOfDevices();
    // A full name longer than any record may carry, written behind A's back (an old or foreign
    // device): B refuses that one record. (A username another user already has is no longer
    // refused but held: see username-clash-sync.test.ts.)
    const samOnA = await a.core.facility.users.createUser(facilityId, { username: 'sam', password: 'pw', fullName: 'Sam on A', role: 'learner' });
    writeLegacyUserFields(a.core.databases, samOnA.id, { fullName: 'x'.repeat(300) });
    const others = [];
    for (const name of ['tom', 'uma', 'vic', 'wes']) others.push(await a.core.facility.users.createUser(facilityId, { username: name, password: 'pw', fullName: name, role: 'learner' }));

    await harness.syncPair(b, a);

    for (const user of others) expect(b.core.facility.users.getUser(user.id)?.username).toBe(user.username);
    expect(b.core.facility.users.getUser(samOnA.id)).toBeUndefined();
    expect(storeErrors(b)).toEqual([{ source_id: samOnA.id, deserialize_error: expect.stringContaining('invalid record: full_name') }]);
  });

  it('converges on one of two memberships made under different ids on two devices, applying the rest of the page', async () => {
    const { a, b, facilityId } = await pairOfDevices();
    const learners = [];
    for (const name of ['lina', 'moses', 'nia']) learners.push(await a.core.facility.users.createUser(facilityId, { username: name, password: 'pw', fullName: name, role: 'learner' }));
    const room = a.core.facility.classes.createClass(facilityId, { name: 'Grade 4' });
    await harness.syncPair(b, a);

    // Both devices enrol Lina (each under its own membership id); only A enrols Moses and Nia.
    // Each device keeps the twin with the smaller id, so both end with the same rows.
    b.core.facility.classes.setClassLearners(room.id, [learners[0]!.id]);
    a.core.facility.classes.setClassLearners(room.id, learners.map((learner) => learner.id));
    await harness.syncPair(b, a);
    await harness.syncPair(b, a);

    for (const device of [a, b]) expect(device.core.facility.classes.getClass(room.id)?.learners.map((user) => user.username)).toEqual(['lina', 'moses', 'nia']);
    const memberships = (device: CoreDevice) => device.core.databases.get<any>('default').handle.prepare('select id, user_id from membership order by id').all();
    expect(memberships(b)).toEqual(memberships(a));
    expect(storeErrors(b)).toEqual([]);
  });
});
