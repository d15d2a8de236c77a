import { canonicalJson } from '../model/canonical-json.js';
import type { JsonObject } from '../model/json-value.js';
import type { MergePolicy } from '../model/syncable-model.js';
import { compareValueStamps, MAX_FIELD_STAMPS, sameStamp, type FieldStamps, type RecordValue, type StoreRecord, type ValueStamp } from './store-record.js';
import { vectorIncludes } from './version-vector.js';

/** The merged value of two concurrent versions under a merge policy. */
export interface MergedFields {
  readonly serialized: string;
  readonly fieldStamps: FieldStamps;
}

/** The saves behind `field`'s current value in `record`; the value stamp stands in for older records. */
export function fieldStampOf(record: Pick<StoreRecord, 'fieldStamps' | 'valueStamp'>, field: string): readonly ValueStamp[] {
  const stamps = record.fieldStamps?.[field];
  return stamps && stamps.length > 0 ? stamps : [record.valueStamp];
}

function parse(serialized: string): JsonObject | undefined {
  const value: unknown = JSON.parse(serialized);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

const isSet = (value: unknown): boolean => value !== null && value !== undefined;

/** Whether a history includes every save behind a field's value: its side has seen that value. */
function sawAll(versions: StoreRecord['versions'], stamps: readonly ValueStamp[]): boolean {
  return stamps.every((stamp) => vectorIncludes(versions, stamp.instance, stamp.counter));
}

/** The saves of both, once each, newest first, capped (a total order, so both sides keep the same ones). */
function union(a: readonly ValueStamp[], b: readonly ValueStamp[]): readonly ValueStamp[] {
  const all = [...a];
  for (const stamp of b) if (!all.some((other) => sameStamp(other, stamp))) all.push(stamp);
  return Object.freeze(all.sort((x, y) => compareValueStamps(y, x)).slice(0, MAX_FIELD_STAMPS));
}

const newest = (stamps: readonly ValueStamp[]): ValueStamp => stamps.reduce((best, stamp) => (compareValueStamps(stamp, best) > 0 ? stamp : best));

/**
 * Merges two concurrent versions field by field: every field comes from `winner` (the greater
 * value stamp) except the policy's removal fields. For each of those:
 * - the side whose history includes every save behind the other side's value has seen it, and
 *   its value wins (a restore after a removal, a removal after an edit);
 * - otherwise the two are concurrent: a set value (a removal) beats an unset one (an edit or a
 *   restore that had not seen it) and keeps its own saves; two set or two unset values merge to
 *   the one with the newest save, and the saves of both stay behind it, so a later restore must
 *   have seen every one of the removals to undo them.
 * Each rule depends only on the two versions, not on which one is local, so the merge stays
 * commutative and any order of syncs converges (property-tested). Answers undefined when there is
 * nothing to merge field by field (no removal fields, or a side without data).
 */
export function mergeFields(policy: MergePolicy | undefined, winner: StoreRecord, loser: StoreRecord): MergedFields | undefined {
  if (!policy || policy.removalFields.length === 0 || winner.serialized === null || loser.serialized === null) return undefined;
  const won = parse(winner.serialized);
  const lost = parse(loser.serialized);
  if (!won || !lost) return undefined;
  const merged: Record<string, JsonObject[string]> = { ...won };
  const stamps: Record<string, readonly ValueStamp[]> = { ...(winner.fieldStamps ?? {}) };
  for (const field of policy.removalFields) {
    const ours = fieldStampOf(winner, field);
    const theirs = fieldStampOf(loser, field);
    const winnerSawLoser = sawAll(winner.versions, theirs);
    const loserSawWinner = sawAll(loser.versions, ours);
    let value = won[field] ?? null;
    let behind = ours;
    if (loserSawWinner && !winnerSawLoser) {
      value = lost[field] ?? null;
      behind = theirs;
    } else if (!(winnerSawLoser && !loserSawWinner)) {
      if (isSet(won[field]) !== isSet(lost[field])) {
        if (isSet(lost[field])) {
          value = lost[field] ?? null;
          behind = theirs;
        }
      } else {
        if (compareValueStamps(newest(theirs), newest(ours)) > 0) value = lost[field] ?? null;
        behind = union(ours, theirs);
      }
    }
    merged[field] = value;
    stamps[field] = behind;
  }
  return { serialized: canonicalJson(merged), fieldStamps: Object.freeze(stamps) };
}

/**
 * A losing value as a conflict keeps it: its own fields, but the merged removal fields. The
 * removal fields are decided by the policy, not by the admin's choice of a losing value, and a
 * value that lost through an earlier merge (whose removal fields were merged already) then reads
 * the same on every device whatever the merge order.
 */
export function withMergedRemovals(policy: MergePolicy, value: RecordValue, merged: string): RecordValue {
  const data = value.serialized === null ? undefined : parse(value.serialized);
  const fields = parse(merged);
  if (!data || !fields) return value;
  const overlaid: Record<string, JsonObject[string]> = { ...data };
  for (const field of policy.removalFields) overlaid[field] = fields[field] ?? null;
  return { stamp: value.stamp, serialized: canonicalJson(overlaid) };
}

/**
 * The field stamps of a new local version: a removal field whose value did not change keeps the
 * saves behind it; a changed (or new) one is stamped with this save alone.
 */
export function stampFields(policy: MergePolicy | undefined, existing: StoreRecord | undefined, data: JsonObject, save: ValueStamp): FieldStamps | undefined {
  if (!policy || policy.removalFields.length === 0) return undefined;
  const before = existing?.serialized ? parse(existing.serialized) : undefined;
  const stamps: Record<string, readonly ValueStamp[]> = {};
  for (const field of policy.removalFields) {
    const unchanged = before !== undefined && existing !== undefined && !existing.deleted && (before[field] ?? null) === (data[field] ?? null);
    stamps[field] = unchanged ? fieldStampOf(existing, field) : [save];
  }
  return Object.freeze(stamps);
}
