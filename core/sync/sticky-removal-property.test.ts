import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './test-support/core-harness.js';

// Issue 13's property: over any interleaving of removals, edits and restores on three devices and
// any order of syncs, the devices converge to the same rows, and a user that any device removed
// with no later causal restore (a restore made by a device that had seen that removal) is removed
// on every device: she cannot sign in and holds no session anywhere.

type Command =
  | { readonly kind: 'rename'; readonly device: number; readonly user: number; readonly name: string }
  | { readonly kind: 'remove'; readonly device: number; readonly user: number }
  | { readonly kind: 'restore'; readonly device: number; readonly user: number }
  | { readonly kind: 'tick'; readonly device: number; readonly ms: number }
  | { readonly kind: 'sync'; readonly client: number; readonly server: number; readonly mode: 'push' | 'pull' | 'both' };

const USERS = 2;
const device = fc.nat(2);
const user = fc.nat(USERS - 1);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('rename' as const), device, user, name: fc.constantFrom('Ana', 'Ben', 'Cy') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), device, user }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('restore' as const), device, user }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), device, ms: fc.constantFrom(0, 1, 1000) }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ client: device, server: device, mode: fc.constantFrom('push' as const, 'pull' as const, 'both' as const) })
      .filter((c) => c.client !== c.server)
      .map((c) => ({ kind: 'sync' as const, ...c })),
  },
);

/** The random seed of this run: printed, so a failure found by chance can be replayed. */
const randomSeed = Number(process.env['OUTPOST_PROPERTY_SEED'] ?? Math.floor(Math.random() * 2 ** 31));

describe('sticky removals (property, three cores)', () => {
  let harness: CoreHarness;
  let devices: CoreDevice[];
  let facilityId: string;
  let run = 0;

  beforeAll(async () => {
    harness = createCoreHarness();
    devices = [await harness.device('a'), await harness.device('b'), await harness.device('c')];
    ({ facilityId } = harness.createFacility(devices[0]!, 'Hillside School'));
    harness.issue(devices[0]!, devices[1]!, 'full-facility');
    harness.issue(devices[0]!, devices[2]!, 'full-facility');
  });
  afterAll(async () => harness?.dispose());

  async function sync(client: CoreDevice, server: CoreDevice, mode: 'push' | 'pull' | 'both') {
    const connection = await client.core.sync.connect(await harness.transportTo(server), { certificateId: client.certificateId });
    try {
      if (mode !== 'pull') await connection.push();
      if (mode !== 'push') await connection.pull();
    } finally {
      await connection.close();
    }
  }

  /** Everything the devices must agree on about this run's users. */
  const rowsOf = (core: CoreDevice, ids: readonly string[]) => ids.map((id) => core.core.facility.users.getUser(id));

  const property = fc.asyncProperty(fc.array(command, { maxLength: 12 }), async (commands) => {
    run += 1;
    const [a] = devices as [CoreDevice];
    const ids: string[] = [];
    for (let n = 0; n < USERS; n += 1) {
      ids.push((await a.core.facility.users.createUser(facilityId, { username: `r${run}u${n}`, password: 'pw', fullName: 'Start', role: 'learner' })).id);
    }
    await harness.syncPair(devices[1]!, a);
    await harness.syncPair(devices[2]!, a);

    // The oracle: every removal is an event; each device knows the events that reached it; a
    // restore covers the removals its device knew of when it was made.
    const removals: { readonly id: number; readonly user: number }[] = [];
    const covered = new Set<number>();
    const known: Set<number>[] = devices.map(() => new Set());
    const signInEverywhere = () => {
      for (const d of devices) {
        for (const id of ids) if (d.core.facility.users.getUser(id)?.dateDeleted === null && d.core.sessions.listForUser(id).length === 0) d.core.sessions.create({ userId: id });
      }
    };
    signInEverywhere();

    for (const c of commands) {
      if (c.kind === 'tick') devices[c.device]!.clock.advance(c.ms);
      // An admin can edit only an active user (a removed one must be restored first).
      if (c.kind === 'rename' && devices[c.device]!.core.facility.users.getUser(ids[c.user]!)?.dateDeleted === null) {
        await devices[c.device]!.core.facility.users.updateUser(ids[c.user]!, { fullName: c.name });
      }
      if (c.kind === 'remove') {
        const { signedOut } = devices[c.device]!.core.facility.users.deleteUsers([ids[c.user]!], { permanent: false });
        if (signedOut.length === 1) {
          const event = { id: removals.length, user: c.user };
          removals.push(event);
          known[c.device]!.add(event.id);
        }
      }
      if (c.kind === 'restore' && devices[c.device]!.core.facility.users.restoreUsers([ids[c.user]!]).restored.length === 1) {
        for (const event of known[c.device]!) if (removals[event]!.user === c.user) covered.add(event);
      }
      if (c.kind === 'sync') {
        await sync(devices[c.client]!, devices[c.server]!, c.mode);
        if (c.mode !== 'pull') for (const event of known[c.client]!) known[c.server]!.add(event);
        if (c.mode !== 'push') for (const event of known[c.server]!) known[c.client]!.add(event);
      }
      signInEverywhere();
    }

    const [, b, cc] = devices as [CoreDevice, CoreDevice, CoreDevice];
    await harness.syncPair(a, b);
    await harness.syncPair(a, cc);
    await harness.syncPair(b, cc);
    expect(rowsOf(b, ids)).toEqual(rowsOf(a, ids));
    expect(rowsOf(cc, ids)).toEqual(rowsOf(a, ids));
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 0, pulled: 0 });

    for (let n = 0; n < USERS; n += 1) {
      const mustBeRemoved = removals.some((event) => event.user === n && !covered.has(event.id));
      for (const d of devices) {
        const row = d.core.facility.users.getUser(ids[n]!);
        if (mustBeRemoved) {
          expect(row?.dateDeleted, `${d.name}: user ${n}`).not.toBeNull();
          expect(await d.core.facility.authentication.authenticate(`r${run}u${n}`, 'pw'), `${d.name}: user ${n} signs in`).toBeUndefined();
          expect(d.core.sessions.listForUser(ids[n]!), `${d.name}: sessions of user ${n}`).toEqual([]);
        } else {
          // Never removed, or every removal was seen by a later restore.
          expect(row?.dateDeleted, `${d.name}: user ${n}`).toBeNull();
        }
      }
    }
  });

  it('converge, and a removal without a later causal restore sticks everywhere (fixed seed)', async () => {
    await fc.assert(property, { seed: 20261201, numRuns: 30 });
  });

  it(`converge, and a removal without a later causal restore sticks everywhere (random seed ${randomSeed})`, async () => {
    console.info(`sticky-removal property: random seed ${randomSeed} (replay with OUTPOST_PROPERTY_SEED=${randomSeed})`);
    await fc.assert(property, { seed: randomSeed, numRuns: 20 });
  });
});
