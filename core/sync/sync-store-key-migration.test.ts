import { afterEach, describe, expect, it } from 'vitest';
import { openDatabaseSet } from '../db/database-set.js';
import { RouterChain } from '../db/router-chain.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { recordId } from './model/record-id.js';
import { syncMigrations } from './sync-migrations.js';
import { syncRouter } from './sync-router.js';
import type { SyncStoreSchema } from './store/store-schema.js';
import { createSyncStore } from './store/sync-store.js';
import { testModelMigrations } from './test-support/test-models.js';

const KEY_MIGRATION = '0506-sync-store-source-key';
const QUEUE_MIGRATION = '0507-sync-apply-queue';

/**
 * Issue 14: `0506-sync-store-source-key` re-keys the store by (model, source, partition) and lists
 * the buffer by that key; `0507-sync-apply-queue` moves the records waiting to be applied (and why
 * one was refused) from the store's rows to a queue of their own. A home upgraded mid-transfer
 * keeps every record, its place in the store (rowid: the order waiting records are applied in),
 * which records wait, and the buffer's positions, so the transfer goes on where it was.
 */
describe('the store keyed by source (migrations 0506 and 0507)', () => {
  let home: TempHome;
  afterEach(() => home?.remove());

  const open = (upToKey: boolean) =>
    openDatabaseSet({
      home: home.path,
      routers: new RouterChain([syncRouter]),
      migrations: [...testModelMigrations, ...(upToKey ? syncMigrations : syncMigrations.filter((migration) => migration.name !== KEY_MIGRATION && migration.name !== QUEUE_MIGRATION))],
    });

  it('keeps every record, its rowid and whether it waits to be applied, and an in-flight buffer in order with its positions', async () => {
    home = createTempHome();
    const before = await open(false);
    const old = before.get('default').handle;
    const insert = old.prepare(
      `insert into sync_store (rowid, id, profile, model_name, source_id, partition, serialized, deleted, hard_deleted, last_saved_instance, last_saved_counter,
         value_at, value_instance, value_counter, versions, conflicting, dirty, deserialize_error, field_stamps)
       values (?, ?, 'p', 'testnote', ?, ?, ?, 0, 0, 'i1', ?, 0, 'i1', ?, '{"i1":1}', ?, ?, ?, '{}')`,
    );
    // The same source in two partitions, rowids out of id order, one record with a losing value.
    const records = [
      { rowid: 7, source: 'n1', partition: 'ds', dirty: 1, error: null, conflicting: '[]' },
      { rowid: 3, source: 'n1', partition: 'ds:user-ro:u1', dirty: 0, error: null, conflicting: '[]' },
      { rowid: 12, source: 'n2', partition: 'ds', dirty: 1, error: 'refused before', conflicting: '[{"stamp":{"at":0,"instance":"i2","counter":4},"serialized":"{}"}]' },
    ];
    for (const [index, r] of records.entries()) insert.run(r.rowid, recordId(r.partition, r.source, 'testnote'), r.source, r.partition, `{"n":${index}}`, index + 1, index + 1, r.conflicting, r.dirty, r.error);
    // A sender's buffer, queued in an order of its own, at positions 40 and 41; another transfer's at 42.
    const buffer = old.prepare('insert into sync_buffer (rowid, transfer_id, id) values (?, ?, ?)');
    buffer.run(40, 't1', recordId('ds', 'n2', 'testnote'));
    buffer.run(41, 't1', recordId('ds:user-ro:u1', 'n1', 'testnote'));
    buffer.run(42, 't2', recordId('ds', 'n1', 'testnote'));
    // What waits to be applied moves to the queue: the rest of each row stays as it was.
    const storeBefore = (old.prepare('select rowid, * from sync_store order by rowid').all() as { rowid: number; dirty: number; deserialize_error: string | null }[]).map(
      ({ rowid, dirty: _dirty, deserialize_error: _error, ...row }) => ({ position: rowid, ...row }),
    );
    await before.close();

    const after = await open(true);
    const db = after.get<SyncStoreSchema>('default');
    // Every record, its old rowid now its position, for good.
    expect(db.handle.prepare('select * from sync_store order by position').all()).toEqual(storeBefore.map((row) => expect.objectContaining(row)));
    expect(db.handle.prepare('select * from sync_apply_queue order by position').all()).toEqual([
      { profile: 'p', model_name: 'testnote', position: 7, error: null },
      { profile: 'p', model_name: 'testnote', position: 12, error: 'refused before' },
    ]);
    const columns = (db.handle.prepare("select name from pragma_table_info('sync_store')").all() as { name: string }[]).map((row) => row.name);
    expect(columns).not.toContain('dirty');
    expect(columns).not.toContain('deserialize_error');
    const store = createSyncStore(db, 'i1');
    expect(store.find({ modelName: 'testnote', sourceId: 'n1', partition: 'ds:user-ro:u1' })).toMatchObject({ record: { id: recordId('ds:user-ro:u1', 'n1', 'testnote') }, dirty: false, deserializeError: null });
    expect(store.find({ modelName: 'testnote', sourceId: 'n2', partition: 'ds' })).toMatchObject({ dirty: true, deserializeError: 'refused before' });
    expect(store.find({ modelName: 'testnote', sourceId: 'n2', partition: 'ds' })?.record.conflicting).toHaveLength(1);
    // The buffer pages as before: same positions, same order, each record read by its key.
    const page = store.bufferPage('t1', 0, 10);
    expect(page.positions).toEqual([40, 41]);
    expect(page.records.map((record) => [record.sourceId, record.partition])).toEqual([['n2', 'ds'], ['n1', 'ds:user-ro:u1']]);
    expect(store.bufferPage('t1', 40, 10).positions).toEqual([41]);
    expect(store.bufferPage('t2', 0, 10).records.map((record) => record.id)).toEqual([recordId('ds', 'n1', 'testnote')]);
    // Applying still pages the waiting records in their old rowid order.
    expect(store.dirtyPage('p', 'testnote', 0, 10).map((record) => record.position)).toEqual([7, 12]);

    const indexes = (db.handle.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'sync_store'").all() as { name: string; sql: string | null }[]).map((row) => row.name).sort();
    expect(indexes).toEqual(['sync_store_conflict_ids', 'sync_store_conflicts', 'sync_store_dataset', 'sync_store_key', 'sync_store_saved']);
    // The key is unique: the same source and partition cannot be stored twice.
    expect(() => db.handle.prepare("insert into sync_store (profile, model_name, source_id, partition, deleted, hard_deleted, last_saved_instance, last_saved_counter, value_at, value_instance, value_counter, versions, id) select profile, model_name, source_id, partition, deleted, hard_deleted, last_saved_instance, last_saved_counter, value_at, value_instance, value_counter, versions, id from sync_store where position = 7").run()).toThrow(/UNIQUE/);
    // A save of a stored record updates its row in place (a buffer lists it by position); a
    // position is never handed out again, not even after the highest one is purged.
    const n2 = store.find({ modelName: 'testnote', sourceId: 'n2', partition: 'ds' })!.record;
    db.writeTransaction(() => store.put({ ...n2, serialized: '{"n":"new"}', lastSavedCounter: 9 }, true));
    expect(db.handle.prepare("select position, serialized from sync_store where source_id = 'n2'").get()).toEqual({ position: 12, serialized: '{"n":"new"}' });
    expect(store.bufferPage('t1', 0, 1).records[0]?.serialized).toBe('{"n":"new"}');
    db.writeTransaction(() => store.purge('ds'));
    // A purged record leaves the queue with its row.
    expect(db.handle.prepare('select count(*) as n from sync_apply_queue').get()).toEqual({ n: 0 });
    db.writeTransaction(() => store.put({ ...n2, id: recordId('ds', 'n3', 'testnote'), sourceId: 'n3' }, true));
    expect((db.handle.prepare("select position from sync_store where source_id = 'n3'").get() as { position: number }).position).toBeGreaterThan(12);
    await after.close();
  });
});
