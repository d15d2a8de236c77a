import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './sync/test-support/core-harness.js';
import type { SyncTransport } from './sync/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Rows of a table in one of the device's databases. */
function rows(device: CoreDevice, database: 'default' | 'sessions', where: string): number {
  const handle = device.core.databases.get<any>(database).handle;
  return (handle.prepare(`select count(*) as n from ${where}`).get() as { n: number }).n;
}

// The core's own timers run on the scheduler it is given (CoreConfig.scheduler): a test moves that
// scheduler's time and sees the work done then, and not before, with no real time passing.
describe('the core’s timers run on its injected scheduler', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  it('purges expired sessions on the purge interval', async () => {
    harness = createCoreHarness();
    const a = await harness.device('a');
    a.core.sessions.create({ userId: 'u1' });
    a.clock.advance(20 * MINUTE);
    // Expired by now, but the purge (every 60 s in the harness) has not come round yet.
    expect(rows(a, 'sessions', 'session')).toBe(1);
    a.scheduler.advance(MINUTE);
    expect(rows(a, 'sessions', 'session')).toBe(0);
  });

  it('cleans up an abandoned transfer on the clean-up interval once it is older than the limit', async () => {
    harness = createCoreHarness();
    const a = await harness.device('a');
    const b = await harness.device('b');
    const { facilityId } = harness.createFacility(a, 'Hill School');
    harness.issue(a, b, 'full-facility');
    await harness.syncPair(b, a);
    await b.core.facility.users.createUser(facilityId, { username: 'tumi', password: 'pw', fullName: 'Tumi', role: 'learner' });
    // B's push to A drops on its first chunk: B is left with an unfinished transfer.
    const toA = await harness.transportTo(a);
    const dropping: SyncTransport = {
      deviceInfo: () => toA.deviceInfo(),
      createNonce: () => toA.createNonce(),
      certificateChains: (request) => toA.certificateChains(request),
      openSession: (request) => toA.openSession(request),
      initializeTransfer: (request) => toA.initializeTransfer(request),
      proceed: (request) => toA.proceed(request),
      pushChunk: async () => Promise.reject(new Error('network dropped')),
      pullChunk: (request) => toA.pullChunk(request),
      closeSession: (request) => toA.closeSession(request),
    };
    const connection = await b.core.sync.connect(dropping, { certificateId: b.certificateId });
    await expect(connection.push()).rejects.toThrow(/network dropped/);
    expect(rows(b, 'default', 'sync_transfer_session where active = 1')).toBe(1);

    // The limit is 24 h and the clean-up runs every 10 min: at 23 h 50 min it is kept...
    b.scheduler.advance(23 * HOUR + 50 * MINUTE);
    expect(rows(b, 'default', 'sync_transfer_session where active = 1')).toBe(1);
    // ...and the first clean-up past 24 h deletes it.
    b.scheduler.advance(20 * MINUTE);
    expect(rows(b, 'default', 'sync_transfer_session where active = 1')).toBe(0);
  });
});
