import type { SyncDeletionRow } from '../model/sync-deletion-log.js';

/** This database's identity as a sync instance, and the counter of its saves. */
export interface SyncInstanceTable {
  instance_id: string;
  /** Random, minted once per database file. */
  database_id: string;
  /** A hash of where the file is (device and absolute path); a change mints a new instance. */
  location: string;
  counter: number;
  /** 1 for the instance in use; earlier instances of this file stay for the record. */
  current: number;
  created_at: number;
}

/** The columns of a serialized record, shared by the store and the transfer buffers. */
export interface RecordColumns {
  id: string;
  profile: string;
  model_name: string;
  source_id: string;
  partition: string;
  serialized: string | null;
  deleted: number;
  hard_deleted: number;
  last_saved_instance: string;
  last_saved_counter: number;
  value_at: number;
  value_instance: string;
  value_counter: number;
  /** JSON `VersionVector`. */
  versions: string;
  /** JSON `RecordValue[]`. */
  conflicting: string;
  /** JSON `FieldStamps`. */
  field_stamps: string;
}

/** The sync store: every syncable record this device holds, serialized. */
export interface SyncStoreTable extends RecordColumns {
  /**
   * The record's row, for good: a save updates the row in place, and positions are never reused
   * (AUTOINCREMENT), so a buffer lists records by it. Also the order records wait to be applied in.
   */
  position: number;
}

/**
 * The records waiting to be applied to the app tables, by their rows in the store, model by model
 * in the order they were stored (a `WITHOUT ROWID` table keyed by all three). A record is listed
 * when a merge stores it and leaves once the app tables match it. Kept beside the store, not as a
 * column of its rows: marking a ~600-byte row applied rewrote every page of the store a second
 * time, where deleting a ~40-byte entry here touches a few pages a page of records
 * (`0507-sync-apply-queue`).
 */
export interface SyncApplyQueueTable {
  profile: string;
  model_name: string;
  /** The record's row in the store (`sync_store.position`). */
  position: number;
  /** Why applying it last failed; it stays listed and is retried. */
  error: string | null;
}

/** Database max counters: in `partition`, every save of `instance_id` up to `counter` is held here. */
export interface SyncDatabaseMaxCounterTable {
  partition: string;
  instance_id: string;
  counter: number;
}

/**
 * The records a sender queued for one transfer session, by their rows in the store (a receiver
 * merges chunks as they arrive). Its rowid is the record's buffer position: records are queued in
 * the order they were saved, and sent in that order, so the receiver writes its indexes (and the
 * app's) in the order the sender made the rows, not at random places. Only the store position is
 * kept: a chunk is read from the store when it is sent, so queuing copies no record (issue 14).
 */
export interface SyncBufferTable {
  transfer_id: string;
  /** The record's row in the store (`sync_store.position`). */
  store_position: number;
}

/**
 * The chunks a pushed-to receiver merged for one transfer: the range of the sender's buffer
 * positions each covered and how many of its records no earlier chunk had covered. The sum says
 * how many records arrived, so the receiver claims the sender's counters only once every queued
 * record is in its store.
 */
export interface SyncReceivedRangeTable {
  transfer_id: string;
  first_position: number;
  last_position: number;
  records: number;
}

/** The kysely schema of the store tables, and of what the serializer reads beside them. */
export interface SyncStoreSchema {
  sync_instance: SyncInstanceTable;
  sync_store: SyncStoreTable;
  sync_apply_queue: SyncApplyQueueTable;
  sync_database_max_counter: SyncDatabaseMaxCounterTable;
  sync_buffer: SyncBufferTable;
  sync_received_range: SyncReceivedRangeTable;
  /** The app's deletion log (`SyncDeletionLog`): the serializer turns its rows into deletions and removes them. */
  sync_deletion: SyncDeletionRow;
  /** SQLite's catalogue: whether this database has a deletion log at all. */
  sqlite_master: { readonly type: string; readonly name: string };
}
