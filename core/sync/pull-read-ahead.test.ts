import { afterEach, describe, expect, it } from 'vitest';
import type { PullChunkRequest, SyncTransport } from './protocol/sync-transport.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

/**
 * A pulling client asks for pages ahead of the one it merges (`concurrency` of them), each by how
 * many records of the peer's buffer to pass over. These check that every record arrives once,
 * in order, whatever size of page the peer answers.
 */
describe('a pull reading pages ahead', () => {
  let harness: SyncHarness;
  afterEach(async () => harness?.dispose());

  const storeRows = (device: TestDevice) =>
    device.databases.get<any>('default').handle.prepare('select id, serialized, versions from sync_store order by id').all();

  async function serverWithNotes(count: number) {
    harness = createSyncHarness();
    const a = await harness.device('a');
    const b = await harness.device('b', { concurrency: 3 });
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    for (let i = 0; i < count; i++) a.notes.put({ id: `n${String(i).padStart(3, '0')}`, part: ds, body: `note ${i}` });
    return { a, b };
  }

  /** A transport to `server` that notes each pull request and may answer fewer records than asked. */
  function watchedTransport(server: TestDevice, answerAtMost?: number) {
    const requests: PullChunkRequest[] = [];
    const base = harness.transport(server);
    const transport: SyncTransport = {
      ...base,
      pullChunk: (request) => {
        requests.push(request);
        return base.pullChunk(answerAtMost === undefined ? request : { ...request, limit: Math.min(request.limit, answerAtMost) });
      },
    };
    return { transport, requests };
  }

  async function pull(client: TestDevice, transport: SyncTransport) {
    const connection = await client.sync.connect(transport, { certificateId: client.certificateId });
    try {
      return await connection.pull();
    } finally {
      await connection.close();
    }
  }

  it('asks for up to three pages past the cursor and brings every record once', async () => {
    const { a, b } = await serverWithNotes(50);
    const { transport, requests } = watchedTransport(a);

    expect(await pull(b, transport)).toMatchObject({ status: 'COMPLETED', records: 50 });

    expect(b.notes.all()).toEqual(a.notes.all());
    expect(storeRows(b)).toEqual(storeRows(a));
    // Pages of 7: the first three asked for at once, each later one three pages past the cursor.
    expect(requests.slice(0, 3).map((request) => request.skip ?? 0)).toEqual([0, 7, 14]);
    expect(Math.max(...requests.map((request) => request.skip ?? 0))).toBe(21);
    expect(requests.every((request) => request.limit === 7)).toBe(true);
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 0, pulled: 0 });
  });

  it('still brings every record once when the peer answers shorter pages than asked for', async () => {
    const { a, b } = await serverWithNotes(30);
    // A peer that never answers more than 4 records: each short page voids the pages asked for
    // ahead of it, and the client asks again right after it.
    const { transport, requests } = watchedTransport(a, 4);

    expect(await pull(b, transport)).toMatchObject({ status: 'COMPLETED', records: 30 });

    expect(b.notes.all()).toEqual(a.notes.all());
    expect(storeRows(b)).toEqual(storeRows(a));
    const fresh = requests.filter((request) => (request.skip ?? 0) === 0);
    // 30 records in pages of 4: 8 pages, then the empty one that ends the pull.
    expect(fresh).toHaveLength(9);
  });

  it('asks for no page when the peer queued nothing (a sync with nothing new), and its counters stay as they were', async () => {
    const { a, b } = await serverWithNotes(12);
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 0, pulled: 12 });
    const counters = () => b.databases.get<any>('default').handle.prepare('select partition, instance_id, counter from sync_database_max_counter order by 1, 2').all();
    const before = counters();
    a.notes.put({ id: 'late', part: a.notes.all()[0]!.part, body: 'late note' });
    const { transport, requests } = watchedTransport(a);

    expect(await pull(b, transport)).toMatchObject({ status: 'COMPLETED', records: 1 });
    expect(requests.length).toBeGreaterThan(0);
    const raised = counters();
    expect(raised).not.toEqual(before);

    requests.length = 0;
    expect(await pull(b, transport)).toMatchObject({ status: 'COMPLETED', records: 0 });
    expect(requests).toEqual([]);
    expect(counters()).toEqual(raised);
    expect(b.notes.all()).toEqual(a.notes.all());
  });

  it('refuses a page longer than asked for, and keeps nothing of it', async () => {
    const { a, b } = await serverWithNotes(20);
    const base = harness.transport(a);
    const transport: SyncTransport = { ...base, pullChunk: (request) => base.pullChunk({ ...request, limit: request.limit + 1 }) };

    await expect(pull(b, transport)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(b.notes.all()).toEqual([]);
    expect(storeRows(b)).toEqual([]);
  });
});
