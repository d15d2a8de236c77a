import type { MergePolicy } from '../model/syncable-model.js';
import { mergeFields, withMergedRemovals } from './merge-fields.js';
import { compareValueStamps, MAX_CONFLICTING_VALUES, sameStamp, type RecordValue, type StoreRecord } from './store-record.js';
import { mergeVectors, vectorIncludes, withSave } from './version-vector.js';

/** What dequeuing one incoming record does to the local store. */
export type MergeOutcome =
  /** The local history already includes the incoming version: drop it. */
  | { readonly kind: 'skip' }
  /** No local record: store the incoming one. */
  | { readonly kind: 'insert'; readonly record: StoreRecord }
  /** The incoming history includes the local version: the incoming version replaces it. */
  | { readonly kind: 'fast-forward'; readonly record: StoreRecord }
  /** Neither includes the other: a new version that includes both, saved by this device. */
  | { readonly kind: 'merge'; readonly record: StoreRecord };

/** The save a merge is recorded as: this device's instance and a counter it allocated. */
export interface MergeSave {
  readonly instance: string;
  readonly counter: number;
}

function valueOf(record: StoreRecord): RecordValue {
  // Deletion is not part of a value: the flags are sticky on the record, and a merged copy would
  // otherwise carry a different flag than the original save depending on the merge order.
  return { stamp: record.valueStamp, serialized: record.serialized };
}

/**
 * Decides how an incoming version of a record lands in the store. A pure function of the two
 * versions: the merge is commutative (swapping local and incoming gives the same value, flags and
 * conflicting values; only the save stamp names the device that merged), associative and
 * idempotent, which is what makes any order of syncs converge. `allocate` is called only for a
 * real merge, so a page of records without conflicts uses no counter. `policy` is the model's
 * merge policy (see `mergeFields`).
 */
export function mergeIncoming(local: StoreRecord | undefined, incoming: StoreRecord, allocate: () => MergeSave, policy?: MergePolicy): MergeOutcome {
  if (!local) return { kind: 'insert', record: incoming };
  if (vectorIncludes(local.versions, incoming.lastSavedInstance, incoming.lastSavedCounter)) return { kind: 'skip' };
  if (vectorIncludes(incoming.versions, local.lastSavedInstance, local.lastSavedCounter)) {
    return { kind: 'fast-forward', record: { ...incoming, versions: mergeVectors(incoming.versions, local.versions) } };
  }

  const ours = valueOf(local);
  const theirs = valueOf(incoming);
  const oursWins = compareValueStamps(ours.stamp, theirs.stamp) >= 0;
  const winner = oursWins ? ours : theirs;
  const loser = oursWins ? theirs : ours;
  const hardDeleted = local.hardDeleted || incoming.hardDeleted;
  const deleted = local.deleted || incoming.deleted || hardDeleted;
  // The model's removal fields merge one by one (a removal sticks); the rest is the winner's.
  const fields = hardDeleted ? undefined : mergeFields(policy, oursWins ? local : incoming, oursWins ? incoming : local);
  const save = allocate();
  return {
    kind: 'merge',
    record: {
      ...local,
      serialized: hardDeleted ? null : (fields?.serialized ?? winner.serialized),
      deleted,
      hardDeleted,
      lastSavedInstance: save.instance,
      lastSavedCounter: save.counter,
      valueStamp: winner.stamp,
      versions: withSave(mergeVectors(local.versions, incoming.versions), save.instance, save.counter),
      conflicting: hardDeleted ? [] : mergeConflicting(losers(policy, fields?.serialized, [loser, ...local.conflicting, ...incoming.conflicting]), winner),
      fieldStamps: hardDeleted ? {} : (fields?.fieldStamps ?? (oursWins ? local : incoming).fieldStamps ?? {}),
    },
  };
}

function losers(policy: MergePolicy | undefined, merged: string | undefined, values: readonly RecordValue[]): readonly RecordValue[] {
  return policy && merged !== undefined ? values.map((value) => withMergedRemovals(policy, value, merged)) : values;
}

// A total order, so duplicates of one save collapse the same way whichever side they came from.
function newestFirst(a: RecordValue, b: RecordValue): number {
  const byStamp = compareValueStamps(b.stamp, a.stamp);
  if (byStamp !== 0) return byStamp;
  const x = a.serialized ?? '';
  const y = b.serialized ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The losing values to keep: without the winner and duplicates, newest first, capped. */
export function mergeConflicting(values: readonly RecordValue[], winner: RecordValue): readonly RecordValue[] {
  const kept: RecordValue[] = [];
  for (const value of [...values].sort(newestFirst)) {
    if (sameStamp(value.stamp, winner.stamp)) continue;
    if (kept.some((other) => sameStamp(other.stamp, value.stamp))) continue;
    kept.push(value);
    if (kept.length === MAX_CONFLICTING_VALUES) break;
  }
  return kept;
}
