import { sql, type Kysely } from 'kysely';
import type { TableMigration } from '../db/table-migration.js';
import { DATASET_OF_PARTITION } from './store/sync-store.js';

// Every query of the transfer path has an index to use (issue 8 asserts the query plans): the store
// by save (queuing), by source (deletions, parent checks) and by dirty model (deserializing);
// buffers and counters by their primary keys. The index by partition is gone (0504); a dataset's
// purge goes through an index by dataset (0505).

async function createStoreTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_instance')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('database_id', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('counter', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index sync_instance_current on sync_instance (current) where current = 1`.execute(db);

  const recordColumns = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('profile', 'text', (c) => c.notNull())
      .addColumn('model_name', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('partition', 'text', (c) => c.notNull())
      .addColumn('serialized', 'text')
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('hard_deleted', 'integer', (c) => c.notNull())
      .addColumn('last_saved_instance', 'text', (c) => c.notNull())
      .addColumn('last_saved_counter', 'integer', (c) => c.notNull())
      .addColumn('value_at', 'integer', (c) => c.notNull())
      .addColumn('value_instance', 'text', (c) => c.notNull())
      .addColumn('value_counter', 'integer', (c) => c.notNull())
      .addColumn('versions', 'text', (c) => c.notNull())
      .addColumn('conflicting', 'text', (c) => c.notNull().defaultTo('[]'));

  await recordColumns('sync_store')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dirty', 'integer', (c) => c.notNull())
    .addColumn('deserialize_error', 'text')
    .execute();
  await db.schema.createIndex('sync_store_saved').on('sync_store').columns(['last_saved_instance', 'last_saved_counter', 'id']).execute();
  await db.schema.createIndex('sync_store_partition').on('sync_store').columns(['partition', 'last_saved_instance', 'last_saved_counter']).execute();
  await db.schema.createIndex('sync_store_source').on('sync_store').columns(['model_name', 'source_id']).execute();
  await sql`create index sync_store_dirty on sync_store (profile, model_name, id) where dirty = 1`.execute(db);

  await db.schema
    .createTable('sync_database_max_counter')
    .addColumn('partition', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('counter', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_database_max_counter_pk', ['partition', 'instance_id'])
    .modifyEnd(sql`without rowid`)
    .execute();

  await recordColumns('sync_buffer')
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_buffer_pk', ['transfer_id', 'id'])
    .execute();
}

async function createCertificateTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_certificate')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text')
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('scope_definition', 'text', (c) => c.notNull())
    .addColumn('scope_version', 'integer', (c) => c.notNull())
    .addColumn('scope_params', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('trusted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_certificate_parent').on('sync_certificate').column('parent_id').execute();
  await db.schema.createIndex('sync_certificate_public_key').on('sync_certificate').column('public_key').execute();

  await db.schema
    .createTable('sync_private_key')
    .addColumn('public_key', 'text', (c) => c.primaryKey())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sync_revocation')
    .addColumn('certificate_id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'integer', (c) => c.notNull())
    .addColumn('signer_chain', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('sync_dirty', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

async function createSessionTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('client', 'server')`))
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('local_certificate_id', 'text', (c) => c.notNull())
    .addColumn('peer_certificate_id', 'text', (c) => c.notNull())
    .addColumn('peer_instance_id', 'text', (c) => c.notNull())
    .addColumn('peer_address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_activity_at', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sync_transfer_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sync_session_id', 'text', (c) => c.notNull().references('sync_session.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('push', 'pull')`))
    .addColumn('filter', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('records_total', 'integer')
    .addColumn('records_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('receiver_fsic', 'text')
    .addColumn('sender_fsic', 'text')
    .addColumn('transfer_cursor', 'text')
    .addColumn('error', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_activity_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_transfer_session_session').on('sync_transfer_session').columns(['sync_session_id', 'active']).execute();
  await sql`create index sync_transfer_session_active on sync_transfer_session (last_activity_at) where active = 1`.execute(db);
}

async function createPeerTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_peer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('facility_id', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('certificate_id', 'text', (c) => c.notNull())
    .addColumn('peer_instance_id', 'text', (c) => c.notNull())
    // The learner of a single-user pairing (a learn-only device); '' for a full-facility one.
    .addColumn('user_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('last_sync_at', 'integer')
    .addColumn('last_status', 'text')
    .addColumn('last_pushed', 'integer')
    .addColumn('last_pulled', 'integer')
    .addColumn('last_duration_ms', 'integer')
    .addColumn('last_error', 'text')
    .execute();
  // Pairing again with the same peer for the same facility (and learner) updates the peer instead of adding one.
  await db.schema.createIndex('sync_peer_address').on('sync_peer').columns(['address', 'dataset_id', 'user_id']).unique().execute();
  await db.schema.createIndex('sync_peer_user').on('sync_peer').column('user_id').execute();
}

async function createTransferIndexes(db: Kysely<any>): Promise<void> {
  // Releasing STARTED transfers at start-up looks only at unfinished ones, by status.
  await sql`create index sync_transfer_session_status on sync_transfer_session (status) where active = 1`.execute(db);
  // Resuming looks transfers up by the peer's instance id.
  await db.schema.createIndex('sync_session_peer').on('sync_session').columns(['peer_instance_id', 'role']).execute();
}

async function addFieldStamps(db: Kysely<any>): Promise<void> {
  for (const table of ['sync_store', 'sync_buffer']) {
    await db.schema.alterTable(table).addColumn('field_stamps', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  }
  // The conflicts view lists a dataset's records that kept a losing value: few, found without a scan.
  await sql`create index sync_store_conflicts on sync_store (partition, id) where conflicting != '[]'`.execute(db);
}

async function addDeviceSyncStatus(db: Kysely<any>): Promise<void> {
  // Issue 16: the peer's own name, an admin's schedule, and what an admin sees of its sync.
  for (const [column, type] of [
    ['peer_name', 'text'],
    ['last_success_at', 'integer'],
    ['consecutive_failures', 'integer'],
    ['stopped_reason', 'text'],
    ['stopped_at', 'integer'],
  ] as const) {
    await db.schema.alterTable('sync_peer').addColumn(column, type).execute();
  }
  await db.schema.alterTable('sync_peer').addColumn('schedule', 'text', (c) => c.notNull().defaultTo('manual')).execute();
  // The devices that synced with this one as its clients: who they are, from where, and when.
  await db.schema
    .createTable('sync_client')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_client_pk', ['instance_id', 'dataset_id', 'user_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
}

async function createReceivedChunks(db: Kysely<any>): Promise<void> {
  // Issue 14: a receiver merges each pushed chunk into its store as it arrives instead of copying
  // it into sync_buffer; one row per chunk (hundreds of records) says what arrived.
  await db.schema
    .createTable('sync_received_chunk')
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('first_id', 'text', (c) => c.notNull())
    .addColumn('last_id', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_received_chunk_pk', ['transfer_id', 'first_id', 'last_id'])
    .modifyEnd(sql`without rowid`)
    .execute();
}

/** The syncable tables of every domain on `default`, with the primary key the serializer pages by. */
const DIRTY_TABLES = [
  ['facility_dataset', 'id'],
  ['facility', 'id'],
  ['facility_user', 'id'],
  ['role', 'id'],
  ['classroom', 'id'],
  ['learner_group', 'id'],
  ['membership', 'id'],
  ['learner_state', 'id'],
  ['learner_state_version', 'version_id'],
  ['quiz', 'id'],
  ['sync_revocation', 'certificate_id'],
] as const;

async function addDirtyIndexes(db: Kysely<any>): Promise<void> {
  // Issue 14: the serializer reads `where sync_dirty = 1 order by <key>` on every sync; without an
  // index that holds only the dirty rows, a sync with nothing new scanned every syncable table.
  // A database set without a domain (the engine's own tests open only the sync tables and their
  // test models) has fewer tables; every table listed is created by a migration named before this.
  const present = new Set((await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((row) => row.name));
  for (const [table, key] of DIRTY_TABLES) {
    if (!present.has(table)) continue;
    await sql`create index ${sql.id(`${table}_sync_dirty`)} on ${sql.table(table)} (${sql.ref(key)}) where sync_dirty = 1`.execute(db);
  }
}

async function orderDirtyRecordsByRowid(db: Kysely<any>): Promise<void> {
  // Issue 14: the deserializer pages the store's dirty records in rowid order (the order they were
  // merged in) instead of id order. Records with random ids spread over the whole table, so a page
  // in id order read and rewrote one table page per record; and inserting into an index keyed by
  // the random id dirtied one index page per merged record. The index's entries end in the rowid.
  await sql`drop index if exists sync_store_dirty`.execute(db);
  await sql`create index sync_store_dirty_order on sync_store (profile, model_name) where dirty = 1`.execute(db);
}

async function transferInBufferOrder(db: Kysely<any>): Promise<void> {
  // Issue 14: a sender queues records in the order they were saved and sends them in that order
  // (its buffer's rowid, `sync_buffer_position`), instead of in random id order, and its buffer
  // lists their ids instead of copying them; the receiver then writes its store's and the app's
  // indexes in the order the sender made the rows. A pushed-to receiver notes what arrived by
  // buffer positions, not id ranges. A transfer under way when the home is upgraded starts its
  // chunks over (merging is idempotent; its buffer's ids stay, in their order).
  await db.schema.dropTable('sync_received_chunk').execute();
  await db.schema
    .createTable('sync_received_range')
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('first_position', 'integer', (c) => c.notNull())
    .addColumn('last_position', 'integer', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_received_range_pk', ['transfer_id', 'first_position', 'last_position'])
    .modifyEnd(sql`without rowid`)
    .execute();
  // The buffer keeps only ids, in queue order (a chunk is read from the store when it is sent).
  await db.schema
    .createTable('sync_buffer_ids')
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into sync_buffer_ids (transfer_id, id) select transfer_id, id from sync_buffer order by rowid`.execute(db);
  await db.schema.dropTable('sync_buffer').execute();
  await sql`alter table sync_buffer_ids rename to sync_buffer`.execute(db);
  await db.schema.createIndex('sync_buffer_position').on('sync_buffer').column('transfer_id').execute();
  await sql`update sync_transfer_session set transfer_cursor = null, records_done = 0 where active = 1 and transfer_cursor is not null`.execute(db);
}

async function dropPartitionIndex(db: Kysely<any>): Promise<void> {
  // Issue 14: the index by (partition, instance, counter) served only narrow queues (a learn-only
  // device's learner) and dataset purges. Its keys are long and random, and keeping it cost a
  // receiver ~1.5 s of CPU per 100,000 records; queues now walk sync_store_saved (see sync-store.ts).
  await sql`drop index if exists sync_store_partition`.execute(db);
}

async function indexStoreByDataset(db: Kysely<any>): Promise<void> {
  // Issue 14: a dropped dataset's records are found through their dataset, so the purge reads
  // only them (the index by partition that served it is gone, 0504). The expression is the one
  // the purge spells (DATASET_OF_PARTITION).
  await sql`create index sync_store_dataset on sync_store (${sql.raw(DATASET_OF_PARTITION)})`.execute(db);
}

async function keyStoreBySource(db: Kysely<any>): Promise<void> {
  // Issue 14: the store is keyed by (model_name, source_id, partition), which a record's id hashes
  // (`recordId`; every record that arrives is checked against it), instead of by the id. Records
  // arrive in roughly the order their sources were made, so the new key's index takes them in
  // order; the id, a hash, put each one at a random place of the old primary key's index, and a
  // 500-record commit rewrote about 400 of its pages. In a replay of a receiver's merge of
  // 100,000 records this took 1.8-2.1 s down to 1.0-1.2 s. The key also serves what the index by
  // (model_name, source_id) served, so that one goes.
  //
  // A record keeps its row for good: `position` (the rowid, AUTOINCREMENT so never reused), and a
  // save updates the row in place. The buffer lists records by it, an integer read straight from
  // the table, instead of an id looked up in an index. The old rowids become the positions, so the
  // records waiting to be applied keep their order, and an upgraded buffer keeps its own rowids
  // (the buffer positions a transfer's cursor and a receiver's notes hold): a transfer goes on.
  await sql`create table sync_buffer_keyed (transfer_id text not null, store_position integer not null)`.execute(db);
  await sql`
    insert into sync_buffer_keyed (rowid, transfer_id, store_position)
    select b.rowid, b.transfer_id, s.rowid from sync_buffer b join sync_store s on s.id = b.id order by b.rowid`.execute(db);
  await sql`drop table sync_buffer`.execute(db);
  await sql`alter table sync_buffer_keyed rename to sync_buffer`.execute(db);
  await sql`create index sync_buffer_position on sync_buffer (transfer_id)`.execute(db);

  await sql`
    create table sync_store_keyed (
      position integer primary key autoincrement,
      profile text not null, model_name text not null, source_id text not null, partition text not null,
      serialized text, deleted integer not null, hard_deleted integer not null,
      last_saved_instance text not null, last_saved_counter integer not null,
      value_at integer not null, value_instance text not null, value_counter integer not null,
      versions text not null, conflicting text not null default '[]', id text not null,
      dirty integer not null, deserialize_error text, field_stamps text not null default '{}'
    )`.execute(db);
  await sql`
    insert into sync_store_keyed (position, profile, model_name, source_id, partition, serialized, deleted, hard_deleted,
      last_saved_instance, last_saved_counter, value_at, value_instance, value_counter, versions, conflicting, id,
      dirty, deserialize_error, field_stamps)
    select rowid, profile, model_name, source_id, partition, serialized, deleted, hard_deleted,
      last_saved_instance, last_saved_counter, value_at, value_instance, value_counter, versions, conflicting, id,
      dirty, deserialize_error, field_stamps
    from sync_store order by rowid`.execute(db);
  await sql`drop table sync_store`.execute(db);
  await sql`alter table sync_store_keyed rename to sync_store`.execute(db);
  await sql`create unique index sync_store_key on sync_store (model_name, source_id, partition)`.execute(db);
  await sql`create index sync_store_saved on sync_store (last_saved_instance, last_saved_counter, id)`.execute(db);
  await sql`create index sync_store_conflicts on sync_store (partition, id) where conflicting != '[]'`.execute(db);
  // The conflicts view finds a record by the id the admin's page names: among those with conflicts.
  await sql`create index sync_store_conflict_ids on sync_store (id) where conflicting != '[]'`.execute(db);
  await sql`create index sync_store_dirty_order on sync_store (profile, model_name) where dirty = 1`.execute(db);
  await sql`create index sync_store_dataset on sync_store (${sql.raw(DATASET_OF_PARTITION)})`.execute(db);
}

async function queueRecordsToApply(db: Kysely<any>): Promise<void> {
  // Issue 14: the records waiting to be applied move from the store's `dirty` column (and its
  // partial index) to a queue of their own, keyed by (profile, model_name, position). A receiver
  // wrote each record's ~600-byte row twice, merged and then marked applied, so every page of the
  // store went through the WAL twice; now it deletes a ~40-byte queue entry instead. The reason a
  // record was refused goes with it. Dropping the two columns rewrites the store's rows once.
  await sql`
    create table sync_apply_queue (
      profile text not null, model_name text not null, position integer not null, error text,
      primary key (profile, model_name, position)
    ) without rowid`.execute(db);
  await sql`insert into sync_apply_queue (profile, model_name, position, error) select profile, model_name, position, deserialize_error from sync_store where dirty = 1`.execute(db);
  await sql`drop index sync_store_dirty_order`.execute(db);
  await sql`alter table sync_store drop column dirty`.execute(db);
  await sql`alter table sync_store drop column deserialize_error`.execute(db);
}

/**
 * The sync engine's migrations, all on `default`. Named after the facility tables (`0100-…`) so
 * they sort after them; the Migrator runs every database's migrations in name order.
 */
export const syncMigrations: readonly TableMigration[] = Object.freeze([
  { name: '0200-sync-store', tables: ['sync_instance', 'sync_store', 'sync_database_max_counter', 'sync_buffer'], up: createStoreTables },
  { name: '0201-sync-certificates', tables: ['sync_certificate', 'sync_private_key', 'sync_revocation'], up: createCertificateTables },
  {
    name: '0202-sync-sessions',
    tables: ['sync_session', 'sync_transfer_session'],
    relations: [['sync_transfer_session', 'sync_session']],
    up: createSessionTables,
  },
  // Issue 8: added after 0202, so it sorts after every migration already shipped.
  { name: '0203-sync-peers', tables: ['sync_peer'], up: createPeerTable },
  { name: '0204-sync-transfer-indexes', tables: ['sync_transfer_session', 'sync_session'], up: createTransferIndexes },
  // Issue 13: sticky removals and the conflicts view.
  { name: '0301-sync-field-stamps', tables: ['sync_store', 'sync_buffer'], up: addFieldStamps },
  // Issue 16: device names, schedules, sync status, and the clients a server has seen.
  { name: '0311-sync-device-status', tables: ['sync_peer', 'sync_client'], up: addDeviceSyncStatus },
  // Issue 14: after every name shipped on `default` (the learning tables' 0401 included).
  { name: '0500-sync-received-chunks', tables: ['sync_received_chunk'], up: createReceivedChunks },
  { name: '0501-sync-dirty-indexes', tables: DIRTY_TABLES.map(([table]) => table), up: addDirtyIndexes },
  { name: '0502-sync-dirty-rowid-order', tables: ['sync_store'], up: orderDirtyRecordsByRowid },
  { name: '0503-sync-buffer-order', tables: ['sync_received_chunk', 'sync_received_range', 'sync_buffer', 'sync_buffer_ids', 'sync_transfer_session'], up: transferInBufferOrder },
  { name: '0504-sync-store-no-partition-index', tables: ['sync_store'], up: dropPartitionIndex },
  { name: '0505-sync-store-dataset-index', tables: ['sync_store'], up: indexStoreByDataset },
  { name: '0506-sync-store-source-key', tables: ['sync_store', 'sync_buffer', 'sync_store_keyed', 'sync_buffer_keyed'], up: keyStoreBySource },
  { name: '0507-sync-apply-queue', tables: ['sync_store', 'sync_apply_queue'], up: queueRecordsToApply },
]);
