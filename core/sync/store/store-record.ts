import type { VersionVector } from './version-vector.js';

/**
 * Who wrote the current value of a record, when, and with which counter. A merge keeps the
 * stamp of the value it keeps, so the winner between concurrent values is the same whichever
 * device merges them and in whatever order (see `compareValueStamps`).
 */
export interface ValueStamp {
  /** Milliseconds since the epoch on the writing device's clock. */
  readonly at: number;
  readonly instance: string;
  readonly counter: number;
}

/** One value a record held: the current one, or a concurrent one that lost and is kept. */
export interface RecordValue {
  readonly stamp: ValueStamp;
  /** Canonical JSON of the row; `null` once hard-deleted. */
  readonly serialized: string | null;
}

/** A record of the sync store, as stored, buffered and sent over the wire. */
export interface StoreRecord {
  /** `recordId(partition, sourceId, modelName)`. */
  readonly id: string;
  readonly profile: string;
  readonly modelName: string;
  readonly sourceId: string;
  readonly partition: string;
  /** Canonical JSON of the row; `null` once hard-deleted. */
  readonly serialized: string | null;
  /** The row was deleted. Sticky: a merge keeps it. */
  readonly deleted: boolean;
  /** The row was deleted permanently and its data wiped everywhere. Sticky. */
  readonly hardDeleted: boolean;
  /** The save that produced this version of the record. */
  readonly lastSavedInstance: string;
  readonly lastSavedCounter: number;
  /** The origin of the current value; orders concurrent values. */
  readonly valueStamp: ValueStamp;
  /** The history of the record: the highest counter of every instance that saved it. */
  readonly versions: VersionVector;
  /** Concurrent values that lost a merge, newest first, at most `MAX_CONFLICTING_VALUES`. */
  readonly conflicting: readonly RecordValue[];
  /**
   * For each removal field of the model's merge policy, the saves behind the field's current value
   * (one, or several when concurrent removals merged). A merge asks whether the other side's
   * history includes all of them, to tell a restore that saw a removal from an edit that did not.
   * Absent (or a field missing) on records written before field stamps existed: the value stamp
   * stands in.
   */
  readonly fieldStamps?: FieldStamps;
}

/** Field name → the saves behind the field's current value. */
export type FieldStamps = Readonly<Record<string, readonly ValueStamp[]>>;

/** How many saves one field stamp lists at most; the newest are kept. */
export const MAX_FIELD_STAMPS = 16;

/** How many losing values a record keeps; older ones are dropped so a record cannot grow forever. */
export const MAX_CONFLICTING_VALUES = 10;

/**
 * Orders two values written concurrently: the later wall-clock time wins, then the greater
 * instance id, then the greater counter. Positive when `a` wins. It is a total order on stamps, so
 * every device picks the same winner. Clocks of offline devices drift, but any rule is arbitrary for
 * concurrent edits; this one matches "the last edit wins" whenever the clocks are roughly right,
 * and nothing is lost: the loser is kept in the conflicting values.
 */
export function compareValueStamps(a: ValueStamp, b: ValueStamp): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.instance !== b.instance) return a.instance < b.instance ? -1 : 1;
  return a.counter - b.counter;
}

/** Whether two stamps name the same save. */
export function sameStamp(a: ValueStamp, b: ValueStamp): boolean {
  return a.at === b.at && a.instance === b.instance && a.counter === b.counter;
}
