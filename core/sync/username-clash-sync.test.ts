import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './test-support/core-harness.js';

/**
 * Issue 19, item 6: two devices each create a user whose usernames are the same once normalised
 * (`amina` and `ＡＭＩＮＡ`), before they sync. Sync must neither refuse the peer's user (their
 * classes and progress would be stuck) nor give two accounts one sign-in name: each device keeps
 * its own user signing in by that name and holds the peer's, listed for an admin, until one of
 * the two is renamed. Over real HTTP on loopback.
 */
describe('a username clash that arrives by sync', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  const storeErrors = (device: CoreDevice) =>
    device.core.databases.get<any>('default').handle.prepare('select s.source_id, q.error as deserialize_error from sync_apply_queue q join sync_store s on s.position = q.position where q.error is not null').all();
  const clashes = (device: CoreDevice, facilityId: string) =>
    device.core.facility.users.listUsernameClashes(facilityId).map((clash) => ({ held: clash.user.id, holder: clash.clashesWith?.id, source: clash.source }));

  it('keeps both users on both devices, holds the incoming one, and releases it once an admin renames one', async () => {
    harness = createCoreHarness({ transport: 'http' });
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facilityId } = harness.createFacility(a, 'Ridge School');
    harness.issue(a, b, 'full-facility');
    await harness.syncPair(b, a);

    const onB = await b.core.facility.users.createUser(facilityId, { username: 'amina', password: 'pw-b', fullName: 'Amina on B', role: 'learner' });
    const onA = await a.core.facility.users.createUser(facilityId, { username: 'ＡＭＩＮＡ', password: 'pw-a', fullName: 'Amina on A', role: 'learner' });
    await harness.syncPair(b, a);

    // Nothing refused, nobody lost: both users are on both devices.
    expect(storeErrors(a)).toEqual([]);
    expect(storeErrors(b)).toEqual([]);
    for (const device of [a, b]) {
      expect(device.core.facility.users.getUser(onA.id)?.fullName).toBe('Amina on A');
      expect(device.core.facility.users.getUser(onB.id)?.fullName).toBe('Amina on B');
    }
    // Each device holds the peer's user, and the name signs in to its own.
    expect(clashes(b, facilityId)).toEqual([{ held: onA.id, holder: onB.id, source: 'sync' }]);
    expect(clashes(a, facilityId)).toEqual([{ held: onB.id, holder: onA.id, source: 'sync' }]);
    expect((await b.core.facility.authentication.authenticate('AMINA', 'pw-b'))?.id).toBe(onB.id);
    expect(await b.core.facility.authentication.authenticate('amina', 'pw-a')).toBeUndefined();
    expect((await a.core.facility.authentication.authenticate('amina', 'pw-a'))?.id).toBe(onA.id);

    // The admin on A renames A's user; the rename travels, and both clashes resolve.
    await a.core.facility.users.updateUser(onA.id, { username: 'amina_a' });
    await harness.syncPair(b, a);
    expect(clashes(a, facilityId)).toEqual([]);
    expect(clashes(b, facilityId)).toEqual([]);
    for (const device of [a, b]) {
      expect((await device.core.facility.authentication.authenticate('amina_a', 'pw-a'))?.id).toBe(onA.id);
      expect((await device.core.facility.authentication.authenticate('amina', 'pw-b'))?.id).toBe(onB.id);
    }
  });
});
