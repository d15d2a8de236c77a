import { afterEach, describe, expect, it } from 'vitest';
import { createTestBrowser } from '../server/auth/test-support/test-browser.js';
import { facilityPartitions } from './model/facility-partitions.js';
import { recordId } from './model/record-id.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './test-support/core-harness.js';

// Issue 13's scenario over real HTTP between two listening cores: B removes lena, A (not synced
// yet) renames her a moment later, then the two sync. Whichever device is the syncing client, the
// removal sticks, the rename is kept, and both devices list the conflict.
describe('a removal concurrent with an edit, over HTTP', () => {
  let harness: CoreHarness;
  afterEach(async () => {
    await harness?.dispose();
  });

  async function classroom() {
    harness = createCoreHarness({ transport: 'http' });
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facilityId, datasetId } = harness.createFacility(a, 'Hillside School');
    harness.issue(a, b, 'full-facility');
    const lena = await a.core.facility.users.createUser(facilityId, { username: 'lena', password: 'pw', fullName: 'Lena Kamau', role: 'learner' });
    await harness.syncPair(b, a);
    for (const device of [a, b]) if (device.baseUrl === '') await device.listen();
    return { a, b, facilityId, datasetId, lena };
  }

  const signIn = async (device: CoreDevice) => (await createTestBrowser(device.baseUrl).signIn('lena', 'pw')).status;

  const storeRecord = (device: CoreDevice, datasetId: string, userId: string) =>
    device.core.databases
      .get<any>('default')
      .handle.prepare('select value_at, conflicting from sync_store where id = ?')
      .get(recordId(facilityPartitions.userReadOnly(datasetId, userId), userId, 'facilityuser')) as { value_at: number; conflicting: string };

  /** What a device says about lena's conflict: the kept and the lost full names and removal. */
  const conflictView = (device: CoreDevice, datasetId: string) =>
    device.core.sync.conflicts.list(datasetId).map((conflict) => ({
      model: conflict.modelName,
      kept: { name: conflict.kept.data['full_name'], removed: conflict.kept.data['date_deleted'] !== null },
      lost: conflict.lost.map((value) => ({ name: value.data['full_name'], removed: value.data['date_deleted'] !== null })),
    }));

  for (const client of ['remover', 'editor'] as const) {
    it(`keeps lena removed on both devices, with her new name, when the ${client} is the syncing client`, async () => {
      const { a, b, datasetId, lena } = await classroom();
      // She is signed in on A, which has not heard of the removal yet.
      const onA = createTestBrowser(a.baseUrl);
      expect((await onA.signIn('lena', 'pw')).status).toBe(200);

      b.clock.advance(60_000);
      b.core.facility.users.deleteUsers([lena.id], { permanent: false });
      a.clock.advance(90_000);
      await a.core.facility.users.updateUser(lena.id, { fullName: 'Lena K.' });

      const [syncing, serving] = client === 'remover' ? [b, a] : [a, b];
      await harness.syncPair(syncing, serving);
      await harness.syncPair(syncing, serving);

      for (const device of [a, b]) {
        const row = device.core.facility.users.getUser(lena.id);
        expect(row?.dateDeleted, device.name).not.toBeNull();
        expect(row?.fullName, device.name).toBe('Lena K.');
        expect(await signIn(device), device.name).toBe(401);
        expect(conflictView(device, datasetId), device.name).toEqual([{ model: 'facilityuser', kept: { name: 'Lena K.', removed: true }, lost: [{ name: 'Lena Kamau', removed: true }] }]);
      }
      // Her session on A ended when the removal arrived.
      expect((await onA.request('GET', '/api/auth/session')).status).toBe(401);
      expect(await harness.syncPair(a, b)).toEqual({ pushed: 0, pulled: 0 });
    });
  }

  it('brings lena back on both devices after A restores her, having seen the removal', async () => {
    const { a, b, lena } = await classroom();
    b.clock.advance(60_000);
    b.core.facility.users.deleteUsers([lena.id], { permanent: false });
    a.clock.advance(90_000);
    await a.core.facility.users.updateUser(lena.id, { fullName: 'Lena K.' });
    await harness.syncPair(b, a);
    expect(a.core.facility.users.getUser(lena.id)?.dateDeleted).not.toBeNull();

    a.clock.advance(60_000);
    expect(a.core.facility.users.restoreUsers([lena.id]).restored).toEqual([lena.id]);
    await harness.syncPair(b, a);
    for (const device of [a, b]) {
      expect(device.core.facility.users.getUser(lena.id), device.name).toMatchObject({ dateDeleted: null, fullName: 'Lena K.' });
      expect(await signIn(device), device.name).toBe(200);
    }
  });

  it('still wipes a user everywhere when a permanent deletion meets a concurrent edit', async () => {
    const { a, b, datasetId, lena } = await classroom();
    b.clock.advance(60_000);
    b.core.facility.users.deleteUsers([lena.id], { permanent: true });
    a.clock.advance(90_000);
    await a.core.facility.users.updateUser(lena.id, { fullName: 'Lena K.' });
    await harness.syncPair(a, b);
    for (const device of [a, b]) {
      expect(device.core.facility.users.getUser(lena.id), device.name).toBeUndefined();
      expect(await signIn(device), device.name).toBe(401);
      expect(device.core.sync.conflicts.list(datasetId), device.name).toEqual([]);
    }
  });

  it('stamps a value with the time of its edit, not the time of the sync that carried it', async () => {
    const { a, b, datasetId, lena } = await classroom();
    a.clock.advance(5_000);
    const editedAt = a.clock.now();
    await a.core.facility.users.updateUser(lena.id, { fullName: 'Lena K.' });
    a.clock.advance(3_600_000);
    b.clock.advance(7_200_000);
    await harness.syncPair(b, a);
    expect(storeRecord(a, datasetId, lena.id).value_at).toBe(editedAt);
    expect(storeRecord(b, datasetId, lena.id).value_at).toBe(editedAt);
  });
});
