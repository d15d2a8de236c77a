import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import type { DatabaseSet } from '../../db/database-set.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { normalizeFilter } from '../model/sync-filter.js';
import { seededRandom } from '../test-support/seeded-random.js';
import { openTestDatabases } from '../test-support/test-database.js';
import { fsicForFilter, type CounterEntry } from './fsic.js';
import { currentInstanceId } from './instance-identity.js';
import { dropTransferBuffer } from './drop-transfer-buffer.js';
import { createSyncStore, type SyncStore } from './sync-store.js';

describe('SyncStore counters', () => {
  let home: TempHome;
  let set: DatabaseSet;
  let store: SyncStore;
  beforeAll(async () => {
    home = createTempHome();
    set = await openTestDatabases(home.path);
    const db = set.get<any>('default');
    store = createSyncStore(db, currentInstanceId({ db, file: db.file, device: 'd', random: seededRandom('d'), clock: createManualClock() }));
  });
  afterAll(async () => {
    await set.close();
    home.remove();
  });

  it('allocates increasing counters and holds its own saves in their dataset, until the dataset is purged', () => {
    const [first, second] = store.db.writeTransaction(() => [store.allocateCounter(), store.allocateCounter()]);
    expect(second).toBe(first! + 1);
    const instance = store.instanceId;
    const saved = { id: 'r'.repeat(32), profile: 'p', modelName: 'm', sourceId: 's', serialized: '{}', deleted: false, hardDeleted: false, lastSavedInstance: instance, lastSavedCounter: second!, valueStamp: { at: 0, instance, counter: second! }, versions: { [instance]: second! }, conflicting: [] };
    store.db.writeTransaction(() => {
      store.put({ ...saved, partition: 'ds:user-ro:u1' }, false);
      store.put({ ...saved, id: 'q'.repeat(32), partition: 'other:allusers-ro' }, false);
      // A dataset whose id begins like the purged one's is another dataset.
      store.put({ ...saved, id: 'p'.repeat(32), partition: 'dsx:allusers-ro' }, false);
    });
    expect(store.fsic(['ds:x'])).toEqual({ 'ds:x': { [instance]: second } });
    expect(() => store.db.writeTransaction(() => store.purge('ds:user-ro'))).toThrow(/whole dataset/);
    store.db.writeTransaction(() => store.purge('ds'));
    expect(store.fsic(['ds'])).toEqual({});
    expect(store.find({ ...saved, partition: 'ds:user-ro:u1' })).toBeUndefined();
    expect(store.find({ ...saved, partition: 'dsx:allusers-ro' })?.record.id).toBe('p'.repeat(32));
    expect(store.fsic(['other'])).toEqual({ other: { [instance]: second } });
    store.db.handle.prepare("delete from sync_store").run();
  });

  const segment = fc.constantFrom('ds', 'u1', 'u12', 'user-ro', 'x');
  const partition = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(':'));
  const entry = fc.record({ partition: fc.oneof(partition, fc.constant('')), instance: fc.constantFrom('a', 'b'), counter: fc.integer({ min: 1, max: 9 }) });

  it('computes an fsic from the counters its filter needs, the same as from all of them (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), fc.array(partition, { minLength: 1, maxLength: 3 }), (entries: CounterEntry[], rawFilter) => {
        const filter = normalizeFilter(rawFilter);
        const { handle } = store.db;
        handle.prepare("delete from sync_database_max_counter where instance_id in ('a', 'b')").run();
        store.db.writeTransaction(() => store.raiseCounters(entries));
        const all = (handle.prepare("select partition, instance_id as instance, counter from sync_database_max_counter where instance_id in ('a', 'b')").all() as CounterEntry[]);
        const own = store.fsic(filter);
        const withoutSelf = Object.fromEntries(
          Object.entries(own)
            .map(([key, counters]) => [key, Object.fromEntries(Object.entries(counters).filter(([instance]) => instance !== store.instanceId))])
            .filter(([, counters]) => Object.keys(counters as object).length > 0),
        );
        expect(withoutSelf).toEqual(fsicForFilter(all, filter));
      }),
    );
  });

  it('raises counters but never lowers them', () => {
    store.db.writeTransaction(() => store.raiseCounters([{ partition: 'q', instance: 'c', counter: 5 }]));
    store.db.writeTransaction(() => store.raiseCounters([{ partition: 'q', instance: 'c', counter: 3 }]));
    expect(store.fsic(['q'])['q']?.['c']).toBe(5);
  });

  it('keeps a buffer in the order it was queued, pages it by position, and drops one transfer’s buffer and received chunks, not another’s', () => {
    const instance = store.instanceId;
    const record = (n: number) => ({ id: n.toString(16).padStart(32, '0'), profile: 'p', modelName: 'm', sourceId: `s${n}`, partition: 'ds', serialized: '{}', deleted: false, hardDeleted: false, lastSavedInstance: instance, lastSavedCounter: n, valueStamp: { at: 0, instance, counter: n }, versions: { [instance]: n }, conflicting: [] });
    const count = 12_000;
    store.db.writeTransaction(() => store.putAll(Array.from({ length: count }, (_, n) => record(n + 1)), false));
    // Queued in descending order of id and source: the buffer keeps that order, not the store's.
    const queued = Array.from({ length: count }, (_, n) => record(count - n));
    const positionOf = new Map((store.db.handle.prepare('select source_id, position from sync_store').all() as { source_id: string; position: number }[]).map((row) => [row.source_id, row.position]));
    const positions = queued.map((r) => positionOf.get(r.sourceId)!);
    store.db.writeTransaction(() => {
      store.bufferFromStore('t1', positions);
      store.bufferFromStore('t2', positions.slice(0, 10));
    });
    const first = store.bufferPage('t1', 0, 5);
    expect(first.records).toEqual(queued.slice(0, 5).map((record) => ({ ...record, fieldStamps: {} })));
    expect(first.positions).toEqual([...first.positions].sort((a, b) => a - b));
    expect(store.bufferPage('t1', first.positions[4]!, 2).records.map((r) => r.id)).toEqual(queued.slice(5, 7).map((r) => r.id));
    store.db.writeTransaction(() => store.noteReceived('t1', first.positions));

    expect(store.receivedCount('t1')).toBe(5);
    const { handle } = store.db;
    dropTransferBuffer(store, 't1');
    expect(store.bufferCount('t1')).toBe(0);
    expect(store.receivedCount('t1')).toBe(0);
    expect(store.bufferCount('t2')).toBe(10);
    dropTransferBuffer(store, 't2');
    handle.prepare('delete from sync_store').run();
  });

  it('keeps a record in its row when it is saved again, and marks applied only the version that was applied', () => {
    const version = (counter: number, serialized: string) => ({ id: 'a'.repeat(32), profile: 'p', modelName: 'm', sourceId: 'kept', partition: 'ds', serialized, deleted: false, hardDeleted: false, lastSavedInstance: 'peer', lastSavedCounter: counter, valueStamp: { at: 0, instance: 'peer', counter }, versions: { peer: counter }, conflicting: [] });
    store.db.writeTransaction(() => store.put(version(1, '{"v":1}'), true));
    const [waiting] = store.dirtyPage('p', 'm', 0, 10);
    expect(waiting).toMatchObject({ sourceId: 'kept', serialized: '{"v":1}', lastSavedInstance: 'peer', lastSavedCounter: 1 });
    // A newer version merged between reading the page and marking it: same row, still waiting.
    store.db.writeTransaction(() => store.put(version(2, '{"v":2}'), true));
    store.db.writeTransaction(() => store.markApplied([waiting!]));
    const [again] = store.dirtyPage('p', 'm', 0, 10);
    expect(again).toMatchObject({ position: waiting!.position, serialized: '{"v":2}', lastSavedCounter: 2 });
    store.db.writeTransaction(() => store.markApplied([again!]));
    expect(store.dirtyPage('p', 'm', 0, 10)).toEqual([]);
    expect(store.find({ modelName: 'm', sourceId: 'kept', partition: 'ds' })).toMatchObject({ dirty: false, record: { serialized: '{"v":2}' } });
    store.db.handle.prepare('delete from sync_store').run();
  });

  it('lists merged records for applying at their rows, new and stored alike, and a local save takes one off', () => {
    const record = (sourceId: string, counter: number) => ({ id: sourceId.padEnd(32, '0'), profile: 'p', modelName: 'm', sourceId, partition: 'ds', serialized: `{"v":${counter}}`, deleted: false, hardDeleted: false, lastSavedInstance: 'peer', lastSavedCounter: counter, valueStamp: { at: 0, instance: 'peer', counter }, versions: { peer: counter }, conflicting: [] });
    const key = (sourceId: string) => ({ modelName: 'm', sourceId, partition: 'ds' });
    store.db.writeTransaction(() => store.putAll([record('b', 1), record('c', 1)], false));
    const stored = store.find(key('b'))!;
    // Between the two, other rows were made: the new record's position is its own, not a guess.
    store.db.writeTransaction(() => store.putMerged([{ record: record('a', 2), position: undefined }, { record: record('b', 2), position: stored.position }]));
    const a = store.find(key('a'))!;
    expect(a).toMatchObject({ dirty: true, record: { serialized: '{"v":2}' } });
    expect(a.position).toBeGreaterThan(store.find(key('c'))!.position);
    expect(store.find(key('b'))).toMatchObject({ position: stored.position, dirty: true, record: { serialized: '{"v":2}' } });
    expect(store.find(key('c'))).toMatchObject({ dirty: false });
    expect(store.dirtyPage('p', 'm', 0, 10).map((waiting) => [waiting.sourceId, waiting.position])).toEqual([
      ['b', stored.position],
      ['a', a.position],
    ]);
    store.db.writeTransaction(() => store.put(record('a', 3), false));
    expect(store.dirtyPage('p', 'm', 0, 10).map((waiting) => waiting.sourceId)).toEqual(['b']);
    store.db.handle.prepare('delete from sync_apply_queue').run();
    store.db.handle.prepare('delete from sync_store').run();
  });
});
