import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

type Command =
  | { readonly kind: 'put'; readonly device: number; readonly note: number; readonly body: string }
  | { readonly kind: 'remove'; readonly device: number; readonly note: number; readonly hard: boolean }
  | { readonly kind: 'tick'; readonly device: number; readonly ms: number }
  | { readonly kind: 'sync'; readonly client: number; readonly server: number; readonly mode: 'push' | 'pull' | 'both' };

const NOTES = 5;

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('put' as const), device: fc.nat(2), note: fc.nat(NOTES - 1), body: fc.constantFrom('x', 'y', 'z', 'w') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), device: fc.nat(2), note: fc.nat(NOTES - 1), hard: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tick' as const), device: fc.nat(2), ms: fc.constantFrom(0, 1, 1000) }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ client: fc.nat(2), server: fc.nat(2), mode: fc.constantFrom('push' as const, 'pull' as const, 'both' as const) })
      .filter((c) => c.client !== c.server)
      .map((c) => ({ kind: 'sync' as const, ...c })),
  },
);

describe('convergence (property)', () => {
  let harness: SyncHarness;
  let devices: TestDevice[];
  let ds: string;

  beforeAll(async () => {
    harness = createSyncHarness();
    devices = [await harness.device('a'), await harness.device('b'), await harness.device('c')];
    ds = harness.createRoot(devices[0]!);
    harness.issue(devices[0]!, devices[1]!, 'full-facility');
    harness.issue(devices[0]!, devices[2]!, 'full-facility');
  });
  afterAll(async () => harness?.dispose());

  const storeOf = (device: TestDevice) =>
    device.databases.get<any>('default').handle.prepare('select id, serialized, deleted, hard_deleted, conflicting from sync_store order by id').all();

  async function sync(client: TestDevice, server: TestDevice, mode: 'push' | 'pull' | 'both') {
    const connection = await client.sync.connect(harness.transport(server), { certificateId: client.certificateId });
    if (mode !== 'pull') await connection.push();
    if (mode !== 'push') await connection.pull();
    await connection.close();
  }

  it('three devices with any edits, deletions and pairwise syncs hold identical data once every pair has synced', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 14 }), async (commands) => {
        run += 1;
        // Each run works on notes of its own, and every device's data from earlier runs stays in play.
        const id = (note: number) => `r${run}-n${note}`;
        const part = (note: number) => [ds, `${ds}:allusers-ro`, `${ds}:user-ro:u${note}`][note % 3]!;
        for (const c of commands) {
          if (c.kind === 'put') devices[c.device]!.notes.put({ id: id(c.note), part: part(c.note), body: c.body });
          if (c.kind === 'remove') devices[c.device]!.notes.remove(id(c.note), c.hard ? 'hard' : 'deleted');
          if (c.kind === 'tick') devices[c.device]!.clock.advance(c.ms);
          if (c.kind === 'sync') await sync(devices[c.client]!, devices[c.server]!, c.mode);
        }
        const [a, b, cc] = devices as [TestDevice, TestDevice, TestDevice];
        await harness.syncPair(a, b);
        await harness.syncPair(a, cc);
        await harness.syncPair(b, cc);
        expect(b.notes.snapshot()).toEqual(a.notes.snapshot());
        expect(cc.notes.snapshot()).toEqual(a.notes.snapshot());
        expect(storeOf(b)).toEqual(storeOf(a));
        expect(storeOf(cc)).toEqual(storeOf(a));
        expect(await harness.syncPair(b, a)).toEqual({ pushed: 0, pulled: 0 });
      }),
      { numRuns: 40 },
    );
  });
});
