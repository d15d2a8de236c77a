import type { CompiledQuery } from 'kysely';
import type { JsonObject } from './json-value.js';

/** One record the deserializer hands a model to apply to its app table. */
export interface IncomingRecord {
  readonly recordId: string;
  readonly sourceId: string;
  readonly partition: string;
  /** The serialized row; `null` once the record was hard-deleted. */
  readonly data: JsonObject | null;
  /** The row must not exist in the app (deleted on some device, or its parent was). */
  readonly deleted: boolean;
  /** The row was deleted permanently: its data is gone from every store. */
  readonly hardDeleted: boolean;
}

/** What applying one record did: `ok`, or the reason it was refused (it stays queued for a retry). */
export type ApplyOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** A row of another model that a serialized record points at (a foreign key). */
export interface ModelReference {
  readonly modelName: string;
  readonly sourceId: string;
}

/**
 * How two concurrent versions of a model's records merge, field by field. Without a policy the
 * value with the greater stamp wins whole. A policy names the fields that hold a removal (a time,
 * null while the row is active): for those, a removal beats a concurrent value that had not seen
 * it, while every other field still comes from the winning value; a value that *had* seen the
 * removal (a restore) is a later, causal version and wins.
 */
export interface MergePolicy {
  readonly removalFields: readonly string[];
}

/**
 * How the sync engine sees one app table, described by the domain that owns the table (issue 14:
 * a model owns its table). The table has a `sync_dirty` integer column that only its owner
 * writes: 1 on every local write, 0 once the row equals its store record (`markInStore`, which the
 * engine calls in the transaction that serialized or applied the row). The engine reads dirty rows
 * through the owner's query and never writes the table. An optional `sync_edited_at` integer
 * column holds when a local write last changed the row (ms); it becomes the time of the record's
 * value stamp, so conflicts are decided by the edit's time. Row deletions are reported through the
 * deletion log (see `SyncDeletionLog`), never by the engine reading the table.
 */
export interface SyncableModel<Row extends Record<string, unknown> = Record<string, unknown>> {
  /** The profile the model belongs to, e.g. `facilitydata`. */
  readonly profile: string;
  /** Stable across devices and versions: it is part of every record id. */
  readonly modelName: string;
  /**
   * A page of the rows local writes marked dirty, in source-id order after `after` (none: from
   * the first), through an index of just the dirty rows, so a sync with nothing new reads nothing.
   * The engine runs it on the model's database, inside its serializing transaction.
   */
  dirtyRowsQuery(after: string | undefined, limit: number): CompiledQuery<Row>;
  /** A row's source id (its primary key): the same on every device, made without coordination (random, or time-ordered with a random part), never an autoincrement. */
  sourceIdOf(row: Row): string;
  /** These rows now equal their store records (serialized, or applied from it): clears their dirty mark. */
  markInStore(sourceIds: readonly string[]): void;
  /** Models whose rows this one references; they are deserialized first. */
  readonly dependsOn: readonly string[];
  /** The partition of a row. It must never change for a row: it is part of the record id. */
  partition(row: Row): string;
  /** The row as JSON, an allow-list of its fields; what other devices receive. */
  serialize(row: Row): JsonObject;
  /** How concurrent versions merge; without one the greater stamp wins the whole value. */
  readonly mergePolicy?: MergePolicy;
  /** The rows a serialized record points at; a record whose parent is deleted is applied as deleted. */
  references?(data: JsonObject): readonly ModelReference[];
  /**
   * Applies records from the store through the owning repository, synchronously, in one
   * transaction of its own. Answers one outcome per record, in order; a refused record is kept
   * and retried on the next sync instead of stopping this one.
   *
   * A model whose table is in the store's database calls `settle` with those outcomes inside that
   * transaction, just before it commits: the store's marks (applied, refused, the rows' dirty
   * marks cleared) then commit with the rows, and one commit serves both. A model that does not
   * (its table is in another database file) leaves it to the engine, which settles right after.
   */
  apply(records: readonly IncomingRecord[], settle: (outcomes: readonly ApplyOutcome[]) => void): readonly ApplyOutcome[];
  /**
   * Writes one record's data as a local edit of this device (an admin chose it from a sync
   * conflict), through the owning repository, and runs `inSameTransaction` before it commits.
   * Throws if the data is refused. Models without it have no resolvable conflicts.
   */
  applyChosen?(data: JsonObject, inSameTransaction: () => void): void;
}
