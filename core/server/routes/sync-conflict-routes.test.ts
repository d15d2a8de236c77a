import { afterEach, describe, expect, it } from 'vitest';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import type { SyncConflictListResponse } from '../../contract/sync-conflicts.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from '../../sync/test-support/core-harness.js';
import { createTestBrowser, type TestBrowser } from '../auth/test-support/test-browser.js';

// The conflicts view over HTTP (issue 13): an admin sees, per facility, the records where a
// concurrent value lost, with both values in plain fields, and chooses one; the choice syncs
// and clears the conflict on every device.
describe('sync conflicts API', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  /** Lena removed on B and renamed on A concurrently, then synced: a conflict on both. */
  async function conflicted() {
    harness = createCoreHarness({ transport: 'http' });
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facilityId } = harness.createFacility(a, 'Hillside School');
    harness.issue(a, b, 'full-facility');
    await a.core.facility.users.createUser(facilityId, { username: 'ada', password: 'admin-pw', fullName: 'Ada Admin', role: 'admin' });
    await a.core.facility.users.createUser(facilityId, { username: 'tom', password: 'pw', fullName: 'Tom Learner', role: 'learner' });
    const lena = await a.core.facility.users.createUser(facilityId, { username: 'lena', password: 'pw', fullName: 'Lena Kamau', role: 'learner' });
    await harness.syncPair(b, a);
    b.clock.advance(60_000);
    b.core.facility.users.deleteUsers([lena.id], { permanent: false });
    a.clock.advance(90_000);
    await a.core.facility.users.updateUser(lena.id, { fullName: 'Lena K.' });
    await harness.syncPair(b, a);
    for (const device of [a, b]) if (device.baseUrl === '') await device.listen();
    return { a, b, facilityId, lena };
  }

  const admin = async (device: CoreDevice): Promise<TestBrowser> => {
    const browser = createTestBrowser(device.baseUrl);
    expect((await browser.signIn('ada', 'admin-pw')).status).toBe(200);
    return browser;
  };

  it('lists the conflict on both devices with the kept and the lost value, and who made each', async () => {
    const { a, b, facilityId } = await conflicted();
    for (const device of [a, b]) {
      const response = await (await admin(device)).request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId));
      expect(response.status, device.name).toBe(200);
      const { conflicts } = response.body as SyncConflictListResponse;
      expect(conflicts, device.name).toHaveLength(1);
      const [conflict] = conflicts;
      expect(conflict).toMatchObject({ kind: 'user', label: 'lena', kept: { fields: { fullName: 'Lena K.', removed: true } }, lost: [{ fields: { fullName: 'Lena Kamau', removed: true } }] });
      // The rename was A's, the losing name B's; each device says "this device" of its own edit.
      expect(conflict!.kept.device.kind, device.name).toBe(device === a ? 'this-device' : 'other');
      // A, the server B synced with, names B by the name B told it (issue 16); B never paired through
      // its peer list here, so it knows A only by instance id.
      expect(conflict!.lost[0]!.device, device.name).toEqual(device === b ? { kind: 'this-device', name: null } : { kind: 'peer', name: (await b.core.sync.server.deviceInfo()).deviceName });
      expect(conflict!.kept.editedAt).toBe(new Date(Date.UTC(2026, 0, 1) + 90_000).toISOString());
      expect(conflict!.lost[0]!.editedAt).toBe(new Date(Date.UTC(2026, 0, 1) + 60_000).toISOString());
      // Password hashes never leave the server.
      expect(JSON.stringify(conflicts)).not.toMatch(/scrypt|password/i);
    }
  });

  it('makes the chosen losing value the value on both devices after a sync, and the conflict is gone on both', async () => {
    const { a, b, facilityId, lena } = await conflicted();
    const onA = await admin(a);
    const [conflict] = ((await onA.request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId))).body as SyncConflictListResponse).conflicts;
    const chosen = await onA.request('POST', apiPath(apiRoutes.facilitySyncConflictsResolve, facilityId), { recordId: conflict!.recordId, valueId: conflict!.lost[0]!.valueId });
    expect(chosen.status).toBe(200);
    expect((chosen.body as SyncConflictListResponse).conflicts).toEqual([]);
    expect(a.core.facility.users.getUser(lena.id)).toMatchObject({ fullName: 'Lena Kamau' });

    await harness.syncPair(b, a);
    for (const device of [a, b]) {
      expect(device.core.facility.users.getUser(lena.id), device.name).toMatchObject({ fullName: 'Lena Kamau' });
      expect(device.core.facility.users.getUser(lena.id)?.dateDeleted, device.name).not.toBeNull();
      const listed = await (await admin(device)).request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId));
      expect((listed.body as SyncConflictListResponse).conflicts, device.name).toEqual([]);
    }
    expect(await harness.syncPair(a, b)).toEqual({ pushed: 0, pulled: 0 });
  });

  it('dismisses a conflict by keeping the current value, on both devices', async () => {
    const { a, b, facilityId, lena } = await conflicted();
    const onB = await admin(b);
    const [conflict] = ((await onB.request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId))).body as SyncConflictListResponse).conflicts;
    expect((await onB.request('POST', apiPath(apiRoutes.facilitySyncConflictsResolve, facilityId), { recordId: conflict!.recordId, valueId: conflict!.kept.valueId })).status).toBe(200);
    await harness.syncPair(b, a);
    for (const device of [a, b]) {
      expect(device.core.facility.users.getUser(lena.id)?.fullName, device.name).toBe('Lena K.');
      expect(device.core.sync.conflicts.list(device.core.facility.facilities.getFacility(facilityId)!.datasetId), device.name).toEqual([]);
    }
  });

  it('refuses learners, bad choices and unknown records, and changes nothing', async () => {
    const { a, facilityId, lena } = await conflicted();
    const learner = createTestBrowser(a.baseUrl);
    expect((await learner.signIn('tom', 'pw')).status).toBe(200);
    expect((await learner.request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId))).status).toBe(403);
    const onA = await admin(a);
    const [conflict] = ((await onA.request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId))).body as SyncConflictListResponse).conflicts;
    const resolve = (body: unknown) => onA.request('POST', apiPath(apiRoutes.facilitySyncConflictsResolve, facilityId), body);
    expect((await learner.request('POST', apiPath(apiRoutes.facilitySyncConflictsResolve, facilityId), { recordId: conflict!.recordId, valueId: conflict!.lost[0]!.valueId })).status).toBe(403);
    expect(await resolve({ recordId: conflict!.recordId, valueId: 'nonsense' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await resolve({ recordId: conflict!.recordId, valueId: '1.00000000000000000000000000000000.1' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await resolve({ recordId: 'f'.repeat(32), valueId: conflict!.lost[0]!.valueId })).toMatchObject({ status: 404 });
    expect(await resolve({ recordId: conflict!.recordId })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await resolve({ recordId: conflict!.recordId, valueId: conflict!.lost[0]!.valueId, extra: 1 })).toMatchObject({ status: 400 });
    expect(a.core.facility.users.getUser(lena.id)?.fullName).toBe('Lena K.');
    expect(((await onA.request('GET', apiPath(apiRoutes.facilitySyncConflicts, facilityId))).body as SyncConflictListResponse).conflicts).toHaveLength(1);
  });
});
