import { afterEach, describe, expect, it } from 'vitest';
import { recordId } from './model/record-id.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

type Order = 'a-syncs-with-b' | 'b-syncs-with-a' | 'b-pulls-first' | 'a-pulls-first';

describe('concurrent edits', () => {
  const harnesses: SyncHarness[] = [];
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.dispose();
  });

  /** What both devices must agree on about note `n`: app row, stored value and losing values. */
  function outcome(device: TestDevice, ds: string) {
    const row = device.databases.get<any>('default').handle.prepare('select serialized, deleted, conflicting from sync_store where id = ?').get(recordId(ds, 'n', 'testnote')) as {
      serialized: string;
      deleted: number;
      conflicting: string;
    };
    return {
      app: device.notes.get('n')?.body ?? null,
      stored: row.serialized,
      deleted: row.deleted,
      losers: (JSON.parse(row.conflicting) as { serialized: string }[]).map((value) => JSON.parse(value.serialized).body),
    };
  }

  /** A and B edit note `n` concurrently (B later unless `sameTime`), then sync in the given order. */
  async function scenario(order: Order, options: { sameTime?: boolean; deleteOnA?: boolean } = {}) {
    const harness = createSyncHarness();
    harnesses.push(harness);
    const a = await harness.device('a');
    const b = await harness.device('b');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    a.notes.put({ id: 'n', part: ds, body: 'original' });
    await harness.syncPair(b, a);
    a.clock.advance(1000);
    b.clock.advance(options.sameTime ? 1000 : 2000);
    if (options.deleteOnA) a.notes.remove('n');
    else a.notes.put({ id: 'n', part: ds, body: 'edited on A' });
    b.notes.put({ id: 'n', part: ds, body: 'edited on B' });

    const pair = async (client: TestDevice, server: TestDevice, pullFirst: boolean) => {
      const connection = await client.sync.connect(harness.transport(server), { certificateId: client.certificateId });
      if (pullFirst) {
        await connection.pull();
        await connection.push();
      } else {
        await connection.push();
        await connection.pull();
      }
      await connection.close();
    };
    if (order === 'a-syncs-with-b') await pair(a, b, false);
    if (order === 'b-syncs-with-a') await pair(b, a, false);
    if (order === 'b-pulls-first') await pair(b, a, true);
    if (order === 'a-pulls-first') await pair(a, b, true);
    const result = { a: outcome(a, ds), b: outcome(b, ds) };
    // Converged: one more sync either way moves nothing.
    expect(await harness.syncPair(a, b)).toEqual({ pushed: 0, pulled: 0 });
    return result;
  }

  const orders: Order[] = ['a-syncs-with-b', 'b-syncs-with-a', 'b-pulls-first', 'a-pulls-first'];

  it('end with the same winner on both devices, the loser kept, whatever the sync order', async () => {
    const results = [];
    for (const order of orders) results.push(await scenario(order));
    for (const result of results) {
      expect(result.a).toEqual(result.b);
      expect(result.a).toEqual({ app: 'edited on B', stored: expect.stringContaining('edited on B'), deleted: 0, losers: ['edited on A'] });
    }
  });

  it('break a tie of equal clocks the same way whatever the order', async () => {
    const results = [];
    for (const order of orders) results.push(await scenario(order, { sameTime: true }));
    for (const result of results) {
      expect(result.a).toEqual(result.b);
      expect(result).toEqual(results[0]);
      expect(result.a.losers).toHaveLength(1);
    }
  });

  it('keep a deletion concurrent with an edit (deletions are sticky), whatever the order', async () => {
    const results = [];
    for (const order of orders) results.push(await scenario(order, { deleteOnA: true }));
    for (const result of results) {
      expect(result.a).toEqual(result.b);
      expect(result.a).toMatchObject({ app: null, deleted: 1 });
      expect(result).toEqual(results[0]);
    }
  });
});
