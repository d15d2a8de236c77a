/**
 * The deletion log the sync engine reads: the app's repositories append one row per deleted row
 * in the same transaction as the deletion (the facility domain owns the table and its migration),
 * and the serializer turns each into a deletion in the store, then removes it.
 */
export const SYNC_DELETION_TABLE = 'sync_deletion';

/**
 * What a deletion means:
 * - `soft`: the row stays, marked removed in its own data (a user's `date_deleted`), which the row
 *   carries to other devices; nothing more to do in the store.
 * - `deleted`: the row is gone and must go on every device; the store keeps its last data.
 * - `hard`: the row is gone and its data is wiped from every store.
 * - `purge`: this device dropped the whole dataset `source_id`; its records leave the local store
 *   without any deletion travelling to other devices.
 */
export type SyncDeletionKind = 'soft' | 'deleted' | 'hard' | 'purge';

/** One row of the deletion log. */
export interface SyncDeletionRow {
  /** Increasing; the serializer pages in its order. */
  readonly id: number;
  readonly model_name: string;
  /** The deleted row's source id (for `purge`, the dataset id). */
  readonly source_id: string;
  readonly dataset_id: string;
  readonly kind: SyncDeletionKind;
  /** When the deletion was made (ISO): the time of the deletion's value stamp. */
  readonly deleted_at: string;
}
