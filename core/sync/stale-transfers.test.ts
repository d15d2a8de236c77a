import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

const HOUR = 60 * 60_000;

// What a transfer keeps while it is unfinished: the sender's buffer, the chunks a pushed-to
// receiver noted (it merges each into its store as it arrives), and the transfer itself.
function buffersOf(device: TestDevice) {
  const handle = device.databases.get<any>('default').handle;
  const count = (sql: string) => (handle.prepare(sql).get() as { n: number }).n;
  return {
    buffered: count('select count(*) as n from sync_buffer'),
    received: count('select coalesce(sum(records), 0) as n from sync_received_range'),
    unfinished: count('select count(*) as n from sync_transfer_session where active = 1'),
  };
}

/** Records of the store no counter of the device claims yet: merged from an unfinished transfer. */
function unclaimed(device: TestDevice) {
  const handle = device.databases.get<any>('default').handle;
  return (
    handle
      .prepare(
        'select count(*) as n from sync_store s where not exists (select 1 from sync_database_max_counter c where c.instance_id = s.last_saved_instance and c.counter >= s.last_saved_counter)',
      )
      .get() as { n: number }
  ).n;
}

describe('abandoned transfers', () => {
  let harness: SyncHarness;
  afterEach(async () => harness?.dispose());

  /** B pushes 40 notes to A and the connection drops after the third chunk: B holds its buffer, A the 21 records it merged. */
  async function interrupted() {
    harness = createSyncHarness();
    const a = await harness.device('a');
    const b = await harness.device('b');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    for (let i = 0; i < 40; i++) b.notes.put({ id: `n${String(i).padStart(2, '0')}`, part: ds, body: `B's ${i}` });
    let chunks = 0;
    const transport = harness.transport(a, {
      beforeCall(call) {
        if (call === 'pushChunk' && ++chunks === 4) throw new Error('network dropped');
      },
    });
    const connection = await b.sync.connect(transport, { certificateId: b.certificateId });
    await expect(connection.push()).rejects.toThrow(/network dropped/);
    expect(buffersOf(a)).toEqual({ buffered: 0, received: 21, unfinished: 1 });
    expect(unclaimed(a)).toBe(21);
    expect(buffersOf(b)).toEqual({ buffered: 40, received: 0, unfinished: 1 });
    return { a, b };
  }

  it('keeps the buffers of a transfer younger than the limit, so it can resume', async () => {
    const { a, b } = await interrupted();
    a.clock.advance(23 * HOUR);
    b.clock.advance(23 * HOUR);
    expect(a.sync.cleanStaleTransfers(24 * HOUR)).toBe(0);
    expect(b.sync.cleanStaleTransfers(24 * HOUR)).toBe(0);
    expect(buffersOf(a)).toEqual({ buffered: 0, received: 21, unfinished: 1 });
    expect(buffersOf(b)).toEqual({ buffered: 40, received: 0, unfinished: 1 });
  });

  it('deletes the buffers of a transfer untouched longer than the limit, on both sides; the next sync starts over and completes', async () => {
    const { a, b } = await interrupted();
    a.clock.advance(25 * HOUR);
    b.clock.advance(25 * HOUR);
    expect(a.sync.cleanStaleTransfers(24 * HOUR)).toBe(1);
    expect(b.sync.cleanStaleTransfers(24 * HOUR)).toBe(1);
    expect(buffersOf(a)).toEqual({ buffered: 0, received: 0, unfinished: 0 });
    expect(buffersOf(b)).toEqual({ buffered: 0, received: 0, unfinished: 0 });

    expect(await harness.syncPair(b, a)).toEqual({ pushed: 40, pulled: 0 });
    expect(a.notes.all()).toEqual(b.notes.all());
    expect(buffersOf(a)).toEqual({ buffered: 0, received: 0, unfinished: 0 });
    expect(buffersOf(b)).toEqual({ buffered: 0, received: 0, unfinished: 0 });
  });

  it('lets a client resume against a server that cleaned its side: the transfer starts over', async () => {
    const { a, b } = await interrupted();
    a.clock.advance(25 * HOUR);
    expect(a.sync.cleanStaleTransfers(24 * HOUR)).toBe(1);
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 40, pulled: 0 });
    expect(a.notes.all()).toEqual(b.notes.all());
    expect(buffersOf(b)).toEqual({ buffered: 0, received: 0, unfinished: 0 });
  });
});
