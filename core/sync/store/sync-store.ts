import { CoreError } from '../../common/core-error.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { SyncFilter } from '../model/sync-filter.js';
import { fsicForFilter, type CounterEntry, type Fsic } from './fsic.js';
import { segmentPrefixes } from './queue-plan.js';
import type { QueueRange } from './queue-plan.js';
import { columnsToRecord, columnValuesToRecord, RECORD_COLUMN_NAMES, recordToColumns } from './record-columns.js';
import type { RecordColumns, SyncStoreSchema, SyncStoreTable } from './store-schema.js';
import type { StoreRecord } from './store-record.js';

/** A record of the store with its deserialization state. */
export interface StoredRecord {
  readonly record: StoreRecord;
  /** Its row in the store, for good (`sync_store.position`). */
  readonly position: number;
  /** Waiting to be applied to the app tables. */
  readonly dirty: boolean;
  readonly deserializeError: string | null;
}

/** A record waiting to be applied: what applying reads of it, and its place in the store. */
export interface DirtyRecord {
  /** The store row's rowid (the page cursor): records merged together sit together, so pages in this order read and rewrite neighbouring rows. */
  readonly position: number;
  readonly id: string;
  readonly sourceId: string;
  readonly partition: string;
  readonly serialized: string | null;
  readonly deleted: boolean;
  readonly hardDeleted: boolean;
  /** The save this version came from: `markApplied` marks this version only, not a later one in the same row. */
  readonly lastSavedInstance: string;
  readonly lastSavedCounter: number;
}

/**
 * A record's key in the store: what its id hashes (`recordId`). The store is keyed by it, not by
 * the id: records arrive in about the order their sources were made, so an index by source takes
 * them in order, where one by id put each at a random place (`0506-sync-store-source-key`).
 */
export interface RecordKey {
  readonly modelName: string;
  readonly sourceId: string;
  readonly partition: string;
}

/** What queuing needs to know of a record: which region it is in, where the page ends, and its row. */
export interface QueuedKey {
  readonly id: string;
  readonly profile: string;
  readonly partition: string;
  readonly lastSavedCounter: number;
  /** The record's row in the store (`position`), which the buffer lists. */
  readonly position: number;
}

/** One page of a transfer's buffer: its records in buffer order, and the position of each. */
export interface BufferPage {
  readonly records: readonly StoreRecord[];
  /** Each record's buffer position, ascending; a page resumes after the last one. */
  readonly positions: readonly number[];
}

/** Where a queue page resumes: after this (counter, id). */
export interface QueueCursor {
  readonly counter: number;
  readonly id: string;
}

/**
 * The sync store of one database: records, database max counters and transfer buffers. Every
 * method is one or a few prepared statements with an index behind them; none loads more than one
 * page. Methods that write must run inside the caller's write transaction.
 */
export interface SyncStore {
  readonly db: SqliteDatabase<SyncStoreSchema>;
  readonly instanceId: string;
  /** The next counter of this instance. Inside a write transaction. */
  allocateCounter(): number;
  /** The record of this model, source and partition. */
  find(key: RecordKey): StoredRecord | undefined;
  /** Every record of a model with this source id (one per partition it ever had). */
  bySource(modelName: string, sourceId: string): readonly StoreRecord[];
  /**
   * Of these (model name, source id) pairs, those stored and deleted in every partition they are
   * stored in, in one statement (a page of memberships names hundreds of distinct users).
   */
  deletedSources(sources: readonly (readonly [modelName: string, sourceId: string])[]): ReadonlySet<string>;
  /** Stores a record: a new row, or its row updated in place (it keeps its `position`); a save of this instance also counts as held in its dataset. */
  put(record: StoreRecord, dirty: boolean): void;
  /** `put` for a page of records, claiming this instance's saves once per dataset (a page shares one counter). */
  putAll(records: readonly StoreRecord[], dirty: boolean): void;
  /**
   * `putAll` of a merge, every record listed for applying: each with the position of its row as
   * `find` gave it in this transaction, or `undefined` for a record not stored yet (a new row).
   */
  putMerged(records: readonly { readonly record: StoreRecord; readonly position: number | undefined }[]): void;
  /** This device's database max counters that bear on `filter`: of its prefixes, their ancestors and everything below them. */
  counterEntries(filter: SyncFilter): readonly CounterEntry[];
  /** What this device holds inside `filter`. */
  fsic(filter: SyncFilter): Fsic;
  /** Raises database max counters to at least the given ones. */
  raiseCounters(entries: readonly CounterEntry[]): void;
  /** One page of the records of a queue range (their keys), in (counter, id) order after `cursor`. */
  queuePage(range: QueueRange, cursor: QueueCursor | undefined, limit: number): readonly QueuedKey[];
  /**
   * Adds stored records to a transfer's buffer by their rows' positions in the store, in the order
   * given (their buffer positions follow it). A record keeps its row for good (a save updates it in
   * place; positions are never reused), so the buffer always reads the record's latest version.
   * The caller buffers a record once per transfer (queuing starts from an empty buffer).
   */
  bufferFromStore(transferId: string, storePositions: readonly number[]): void;
  /**
   * One page of a transfer's buffer in position order after `after` (0 for the first page), passing
   * over the first `skip` (default 0), each record as the store holds it now: the version queued,
   * or a later one (see docs/sync.md).
   */
  bufferPage(transferId: string, after: number, limit: number, skip?: number): BufferPage;
  bufferCount(transferId: string): number;
  /**
   * Drops up to `limit` rows of what a transfer kept on this device (its buffer, then its received
   * chunks) and answers how many went; 0 once nothing is left. See `dropTransferBuffer`.
   */
  clearBufferPage(transferId: string, limit: number): number;
  /**
   * Notes a chunk merged for a transfer, by the sender's buffer positions of its records (ascending),
   * and answers how many of them no earlier chunk of the transfer covered. A sender's chunk holds
   * every record of its buffer between its first and last position, so a position inside an
   * earlier chunk's range arrived already (a resent chunk counts nothing twice).
   */
  noteReceived(transferId: string, positions: readonly number[]): number;
  /** How many distinct records the transfer's chunks brought. */
  receivedCount(transferId: string): number;
  /** One page of a model's records waiting to be applied, in store order (`position`) after `after` (0 for the first page). */
  dirtyPage(profile: string, modelName: string, after: number, limit: number): readonly DirtyRecord[];
  /**
   * Records that the app tables now match, as `dirtyPage` gave them. A record saved again since
   * (a local edit rewrites its row, clean; a merge writes a newer version into it) is left as it is:
   * only the version that was applied is marked.
   */
  markApplied(records: readonly Pick<DirtyRecord, 'position' | 'lastSavedInstance' | 'lastSavedCounter'>[]): void;
  /** A record the app refused, by its position: it stays dirty, with the reason. */
  markFailed(position: number, error: string): void;
  /** Forgets every record and counter of a dataset this device dropped. */
  purge(datasetId: string): void;
}

// Sorts after every record id (32 hex digits): a cursor (counter, ceiling) starts after `counter`.
const RECORD_ID_CEILING = '\uffff';
const columns = RECORD_COLUMN_NAMES.join(', ');
const placeholders = RECORD_COLUMN_NAMES.map(() => '?').join(', ');

// [p:, p;) holds exactly the partitions below p: ';' is the character after ':'.
const inside = '(partition = ? or (partition >= ? and partition < ?))';

/**
 * A record's dataset (its partition's first segment), as the expression of the index
 * `sync_store_dataset` (0505). A query must spell it exactly so for SQLite to use that index. All
 * records of a facility share its key, so a new record goes at the end of its key's entries: the
 * index costs a page per commit, not one per record like an index by partition did.
 */
export const DATASET_OF_PARTITION = "substr(partition, 1, instr(partition || ':', ':') - 1)";
// Every region walks the (instance, counter, id) index and keeps the rows inside it. A narrow
// region (one learner's partitions on a learn-only device) had an index of its own, by partition;
// its keys are long and random (a user id in each), and keeping it cost a receiver ~1.5 s of
// 100,000 records' writes. Without it, a learn-only device's first sync reads the sender's
// records once per region (~45 ms per 100,000, in the sync worker), and a later sync only those
// saved since (its counters start where the last sync ended). The cursor is one row value, which
// SQLite seeks to: with `counter > ? and (counter, id) > (?, ?)` it would scan from the range's
// start on every page, quadratic over one serialization's thousands of records that share a
// counter.
const queueSelect = (index: string) =>
  `select position, id, profile, partition, last_saved_counter from sync_store${index ? ` indexed by ${index}` : ''} where last_saved_instance = ? and (last_saved_counter, id) > (?, ?) and last_saved_counter <= ?`;

/**
 * Every statement of the store, in one place so that a test can check each one's query plan: none
 * may scan the store, the counters or the buffers (a plan that does turns a sync quadratic).
 */
export const SYNC_STORE_SQL = Object.freeze({
  allocate: 'update sync_instance set counter = counter + 1 where instance_id = ? returning counter',
  bySource: 'select * from sync_store where model_name = ? and source_id = ?',
  // Each pair is looked up through the store's key (model_name, source_id, partition): `indexed by`
  // keeps the planner from scanning the store for the json_each join.
  deletedSources:
    "select s.model_name as model_name, s.source_id as source_id from json_each(?) j join sync_store s indexed by sync_store_key on s.model_name = json_extract(j.value, '$[0]') and s.source_id = json_extract(j.value, '$[1]') group by s.model_name, s.source_id having min(s.deleted) = 1",
  // With what `find` says of the record's place in the apply queue.
  getOne:
    'select s.*, q.position is not null as queued, q.error as error from sync_store s left join sync_apply_queue q on q.profile = s.profile and q.model_name = s.model_name and q.position = s.position ' +
    'where s.model_name = ? and s.source_id = ? and s.partition = ?',
  // In place when the record is stored already, so it keeps its row (and `position`), which a buffer may list.
  put:
    `insert into sync_store (${columns}) values (${placeholders}) ` +
    `on conflict (model_name, source_id, partition) do update set ${RECORD_COLUMN_NAMES.map((name) => `${name} = excluded.${name}`).join(', ')}`,
  // A record stored to be applied joins the queue (again, with no error), by its row's position
  // when the caller knows it (a merge found the row, or the put inserted it)...
  enqueueAt: 'insert into sync_apply_queue (profile, model_name, position, error) values (?, ?, ?, null) on conflict (profile, model_name, position) do update set error = null',
  // ...else by its key, which the put just wrote: the upsert does not report the position of a row
  // it updated in place.
  enqueue:
    'insert into sync_apply_queue (profile, model_name, position, error) select profile, model_name, position, null from sync_store where model_name = ? and source_id = ? and partition = ? ' +
    'on conflict (profile, model_name, position) do update set error = null',
  // A record stored as the app tables have it (a local save) leaves the queue.
  dequeue: 'delete from sync_apply_queue where profile = ? and model_name = ? and position = (select position from sync_store where model_name = ? and source_id = ? and partition = ?)',
  countersAt: 'select partition, instance_id, counter from sync_database_max_counter where partition = ?',
  countersBelow: 'select partition, instance_id, counter from sync_database_max_counter where partition >= ? and partition < ?',
  raise:
    'insert into sync_database_max_counter (partition, instance_id, counter) values (?, ?, ?) ' +
    'on conflict (partition, instance_id) do update set counter = max(counter, excluded.counter)',
  queueAll: `${queueSelect('')} order by last_saved_counter, id limit ?`,
  queueRegion: `${queueSelect('sync_store_saved')} and ${inside} order by last_saved_counter, id limit ?`,
  // In the order of the positions given (json_each's key), so the buffer's rowids follow the queue order.
  bufferFromStore: 'insert into sync_buffer (transfer_id, store_position) select ?, value from json_each(?) order by key',
  // The buffer through its (transfer_id, rowid) index, each record read by its row. A skip (a pull
  // reading ahead) steps over at most a few thousand index entries.
  bufferPage: `select b.rowid as position, ${RECORD_COLUMN_NAMES.map((name) => `s.${name}`).join(', ')} from sync_buffer b indexed by sync_buffer_position join sync_store s on s.position = b.store_position where b.transfer_id = ? and b.rowid > ? order by b.rowid limit ? offset ?`,
  bufferCount: 'select count(*) as n from sync_buffer where transfer_id = ?',
  clearBufferPage: 'delete from sync_buffer where rowid in (select rowid from sync_buffer where transfer_id = ? limit ?)',
  receivedOverlapping: 'select first_position, last_position from sync_received_range where transfer_id = ? and first_position <= ? and last_position >= ?',
  noteReceived: 'insert or ignore into sync_received_range (transfer_id, first_position, last_position, records) values (?, ?, ?, ?)',
  receivedCount: 'select coalesce(sum(records), 0) as n from sync_received_range where transfer_id = ?',
  clearReceived: 'delete from sync_received_range where transfer_id = ?',
  // In store order through the queue's key: the rows of a page were merged together and sit on
  // neighbouring pages of the table, so reading them touches a few pages, not one per record
  // (issue 14). Only what applying reads: the versions and stamps stay in the row.
  dirtyPage:
    'select s.position, s.id, s.source_id, s.partition, s.serialized, s.deleted, s.hard_deleted, s.last_saved_instance, s.last_saved_counter ' +
    'from sync_apply_queue q join sync_store s on s.position = q.position where q.profile = ? and q.model_name = ? and q.position > ? order by q.position limit ?',
  // By position, the page's neighbouring rows. A save updates its row in place, so the version
  // applied is checked too: a newer one merged meanwhile stays queued, to be applied in turn.
  markApplied:
    'delete from sync_apply_queue where (profile, model_name, position) in (' +
    "select s.profile, s.model_name, s.position from json_each(?) j join sync_store s on s.position = json_extract(j.value, '$[0]') " +
    "where s.last_saved_instance = json_extract(j.value, '$[1]') and s.last_saved_counter = json_extract(j.value, '$[2]'))",
  markFailed: 'update sync_apply_queue set error = ? where (profile, model_name, position) = (select profile, model_name, position from sync_store where position = ?)',
  purgeQueue: `delete from sync_apply_queue where (profile, model_name, position) in (select profile, model_name, position from sync_store where ${DATASET_OF_PARTITION} = ?)`,
  purgeRecords: `delete from sync_store where ${DATASET_OF_PARTITION} = ?`,
  purgeCounters: `delete from sync_database_max_counter where ${inside}`,
});

/** How `deletedSources` names a (model name, source id) pair. */
export function sourceKey(modelName: string, sourceId: string): string {
  return `${modelName}\u0000${sourceId}`;
}

/** The first segment of a partition: its dataset. */
function datasetOf(partition: string): string {
  const colon = partition.indexOf(':');
  return colon === -1 ? partition : partition.slice(0, colon);
}

function stored(row: SyncStoreTable & { readonly queued: number; readonly error: string | null }): StoredRecord {
  return { record: columnsToRecord(row), position: row.position, dirty: row.queued === 1, deserializeError: row.error };
}

/** Creates the store over `db`, saving as `instanceId`. */
export function createSyncStore(db: SqliteDatabase<SyncStoreSchema>, instanceId: string): SyncStore {
  const { handle } = db;
  const prepare = <R = unknown>(sql: string) => {
    const statement = handle.prepare(sql);
    return {
      get: (...args: unknown[]) => statement.get(...args) as R | undefined,
      all: (...args: unknown[]) => statement.all(...args) as R[],
      run: (...args: unknown[]) => statement.run(...args),
    };
  };
  // Rows as arrays, not objects: for the pages a sender sends and a receiver applies, where
  // building an object per row cost as much as the query (see `columnValuesToRecord`).
  const prepareRaw = (sql: string) => {
    const statement = handle.prepare(sql).raw(true);
    return { all: (...args: unknown[]) => statement.all(...args) as unknown[][] };
  };

  const allocate = prepare<{ counter: number }>(SYNC_STORE_SQL.allocate);
  const getOne = prepare<SyncStoreTable & { queued: number; error: string | null }>(SYNC_STORE_SQL.getOne);
  const bySource = prepare<SyncStoreTable>(SYNC_STORE_SQL.bySource);
  const deletedSources = prepare<{ model_name: string; source_id: string }>(SYNC_STORE_SQL.deletedSources);
  const put = prepare(SYNC_STORE_SQL.put);
  const enqueueAt = prepare(SYNC_STORE_SQL.enqueueAt);
  const enqueue = prepare(SYNC_STORE_SQL.enqueue);
  const dequeue = prepare(SYNC_STORE_SQL.dequeue);
  // Stores a record and lists it for applying, or takes it off the list. `found` is the position
  // of its row as the caller found it in this transaction, `null` if there was none (so the put
  // inserts, and SQLite reports the new row), `undefined` if the caller did not look.
  const write = (record: StoreRecord, dirty: boolean, found?: number | null) => {
    const { lastInsertRowid } = put.run(...recordToColumns(record));
    if (!dirty) dequeue.run(record.profile, record.modelName, record.modelName, record.sourceId, record.partition);
    else if (found === undefined) enqueue.run(record.modelName, record.sourceId, record.partition);
    else enqueueAt.run(record.profile, record.modelName, found ?? Number(lastInsertRowid));
  };
  // Puts a page, claiming this instance's saves once per dataset.
  const writePage = (records: readonly StoreRecord[], dirty: boolean, found?: readonly (number | null)[]) => {
    const own = new Map<string, number>();
    records.forEach((record, index) => {
      write(record, dirty, found?.[index]);
      if (record.lastSavedInstance !== instanceId) return;
      const dataset = datasetOf(record.partition);
      own.set(dataset, Math.max(own.get(dataset) ?? 0, record.lastSavedCounter));
    });
    for (const [dataset, counter] of own) raise.run(dataset, instanceId, counter);
  };
  type CounterRow = { partition: string; instance_id: string; counter: number };
  const countersAt = prepare<CounterRow>(SYNC_STORE_SQL.countersAt);
  const countersBelow = prepare<CounterRow>(SYNC_STORE_SQL.countersBelow);
  const raise = prepare(SYNC_STORE_SQL.raise);
  // Raw too: a sender lists every record it queues through these (columns as in `queueSelect`).
  const queueAll = prepareRaw(SYNC_STORE_SQL.queueAll);
  const queueRegion = prepareRaw(SYNC_STORE_SQL.queueRegion);
  const bufferFromStore = prepare(SYNC_STORE_SQL.bufferFromStore);
  const queuedKey = (row: unknown[]): QueuedKey => ({ position: row[0] as number, id: row[1] as string, profile: row[2] as string, partition: row[3] as string, lastSavedCounter: row[4] as number });
  const bufferPage = prepareRaw(SYNC_STORE_SQL.bufferPage);
  const bufferCount = prepare<{ n: number }>(SYNC_STORE_SQL.bufferCount);
  const clearBufferPage = prepare(SYNC_STORE_SQL.clearBufferPage);
  const receivedOverlapping = prepare<{ first_position: number; last_position: number }>(SYNC_STORE_SQL.receivedOverlapping);
  const noteReceived = prepare(SYNC_STORE_SQL.noteReceived);
  const receivedCount = prepare<{ n: number }>(SYNC_STORE_SQL.receivedCount);
  const clearReceived = prepare(SYNC_STORE_SQL.clearReceived);
  const dirtyPage = prepareRaw(SYNC_STORE_SQL.dirtyPage);
  const markApplied = prepare(SYNC_STORE_SQL.markApplied);
  const markFailed = prepare(SYNC_STORE_SQL.markFailed);
  const purgeQueue = prepare(SYNC_STORE_SQL.purgeQueue);
  const purgeRecords = prepare(SYNC_STORE_SQL.purgeRecords);
  const purgeCounters = prepare(SYNC_STORE_SQL.purgeCounters);

  return Object.freeze({
    db,
    instanceId,
    allocateCounter() {
      const row = allocate.get(instanceId);
      if (!row) throw new Error(`The sync instance ${instanceId} is missing from sync_instance.`);
      return row.counter;
    },
    find(key: RecordKey) {
      const row = getOne.get(key.modelName, key.sourceId, key.partition);
      return row ? stored(row) : undefined;
    },
    bySource(modelName: string, sourceId: string) {
      return bySource.all(modelName, sourceId).map(columnsToRecord);
    },
    deletedSources(sources: readonly (readonly [string, string])[]) {
      if (sources.length === 0) return new Set<string>();
      return new Set(deletedSources.all(JSON.stringify(sources)).map((row) => sourceKey(row.model_name, row.source_id)));
    },
    putAll(records: readonly StoreRecord[], dirty: boolean) {
      writePage(records, dirty);
    },
    putMerged(records: readonly { readonly record: StoreRecord; readonly position: number | undefined }[]) {
      writePage(
        records.map((entry) => entry.record),
        true,
        records.map((entry) => entry.position ?? null),
      );
    },
    put(record: StoreRecord, dirty: boolean) {
      write(record, dirty);
      // This device holds every one of its own saves, but counted per dataset, not everywhere: a
      // dataset it drops (purge) must stop being claimed, or a later re-import would skip them.
      if (record.lastSavedInstance === instanceId) raise.run(datasetOf(record.partition), instanceId, record.lastSavedCounter);
    },
    counterEntries(filter: SyncFilter) {
      const rows = new Map<string, CounterRow>();
      const keep = (row: CounterRow) => rows.set(`${row.partition}\u0000${row.instance_id}`, row);
      for (const prefix of filter) {
        // Knowledge of a prefix's ancestors covers it; knowledge below it is kept per partition.
        for (const ancestor of segmentPrefixes(prefix)) for (const row of countersAt.all(ancestor)) keep(row);
        const below = prefix === '' ? ['', '\uffff'] : [`${prefix}:`, `${prefix};`];
        for (const row of countersBelow.all(...below)) keep(row);
      }
      return [...rows.values()].map((row) => ({ partition: row.partition, instance: row.instance_id, counter: row.counter }));
    },
    fsic(filter: SyncFilter) {
      return fsicForFilter(this.counterEntries(filter), filter);
    },
    raiseCounters(entries: readonly CounterEntry[]) {
      for (const entry of entries) raise.run(entry.partition, entry.instance, entry.counter);
    },
    queuePage(range: QueueRange, cursor: QueueCursor | undefined, limit: number) {
      const after = cursor ?? { counter: range.after, id: RECORD_ID_CEILING };
      const base = [range.instance, after.counter, after.id, range.upTo];
      if (range.region === '') return queueAll.all(...base, limit).map(queuedKey);
      return queueRegion.all(...base, range.region, `${range.region}:`, `${range.region};`, limit).map(queuedKey);
    },
    bufferFromStore(transferId: string, storePositions: readonly number[]) {
      if (storePositions.length > 0) bufferFromStore.run(transferId, JSON.stringify(storePositions));
    },
    bufferPage(transferId: string, after: number, limit: number, skip = 0) {
      const rows = bufferPage.all(transferId, after, limit, skip);
      // Each row is its buffer position, then the record's columns.
      return { records: rows.map((row) => columnValuesToRecord(row, 1)), positions: rows.map((row) => row[0] as number) };
    },
    bufferCount(transferId: string) {
      return bufferCount.get(transferId)?.n ?? 0;
    },
    clearBufferPage(transferId: string, limit: number) {
      const dropped = clearBufferPage.run(transferId, limit).changes;
      return dropped > 0 ? dropped : clearReceived.run(transferId).changes;
    },
    noteReceived(transferId: string, positions: readonly number[]) {
      if (positions.length === 0) return 0;
      const first = positions[0]!;
      const last = positions[positions.length - 1]!;
      const earlier = receivedOverlapping.all(transferId, last, first);
      const fresh = new Set(positions.filter((position) => !earlier.some((range) => range.first_position <= position && position <= range.last_position))).size;
      noteReceived.run(transferId, first, last, fresh);
      return fresh;
    },
    receivedCount(transferId: string) {
      return receivedCount.get(transferId)?.n ?? 0;
    },
    dirtyPage(profile: string, modelName: string, after: number, limit: number) {
      // The columns in the statement's order: position, id, source_id, partition, serialized, deleted, hard_deleted, last_saved_instance, last_saved_counter.
      return dirtyPage.all(profile, modelName, after, limit).map(
        (row): DirtyRecord => ({
          position: row[0] as number,
          id: row[1] as string,
          sourceId: row[2] as string,
          partition: row[3] as string,
          serialized: row[4] as string | null,
          deleted: row[5] === 1,
          hardDeleted: row[6] === 1,
          lastSavedInstance: row[7] as string,
          lastSavedCounter: row[8] as number,
        }),
      );
    },
    markApplied(records: readonly Pick<DirtyRecord, 'position' | 'lastSavedInstance' | 'lastSavedCounter'>[]) {
      if (records.length > 0) markApplied.run(JSON.stringify(records.map((record) => [record.position, record.lastSavedInstance, record.lastSavedCounter])));
    },
    markFailed(position: number, error: string) {
      markFailed.run(error, position);
    },
    purge(datasetId: string) {
      if (datasetId.includes(':')) throw CoreError.bug(`Only a whole dataset is purged, not the partition "${datasetId}".`);
      purgeQueue.run(datasetId);
      purgeRecords.run(datasetId);
      purgeCounters.run(datasetId, `${datasetId}:`, `${datasetId};`);
    },
  });
}
