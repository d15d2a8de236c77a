import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';
import { canonicalJson } from '../model/canonical-json.js';
import type { JsonObject } from '../model/json-value.js';
import type { ModelRegistry } from '../model/model-registry.js';
import { stampFields } from './merge-fields.js';
import { columnsToRecord } from './record-columns.js';
import type { SyncStoreTable } from './store-schema.js';
import { sameStamp, type StoreRecord, type ValueStamp } from './store-record.js';
import type { SyncStore } from './sync-store.js';
import { withSave } from './version-vector.js';

/** One value of a record in conflict: who wrote it (instance), when, and the data. */
export interface ConflictValue {
  readonly stamp: ValueStamp;
  readonly data: JsonObject;
}

/** A record that kept one value while concurrent values from other devices lost. */
export interface SyncConflict {
  readonly recordId: string;
  readonly profile: string;
  readonly modelName: string;
  readonly sourceId: string;
  readonly partition: string;
  readonly kept: ConflictValue;
  /** The values that lost, newest first. */
  readonly lost: readonly ConflictValue[];
}

/** The conflicts an admin sees and resolves. */
export interface SyncConflicts {
  /** The records of `datasetId` holding losing values, at most `limit` (default 500), by partition and id. */
  list(datasetId: string, limit?: number): readonly SyncConflict[];
  /** One record's conflict, if it has one. */
  get(recordId: string): SyncConflict | undefined;
  /**
   * Ends a conflict with the value whose stamp is `choice` (the kept one, or one that lost). The
   * choice is a new local version of the record, with no losing values left: it syncs like any
   * edit, and every device that receives it drops the conflict (the new version's history
   * includes all the values, so it fast-forwards). A lost value is also written to the app table
   * through the model, in the same transaction. NOT_FOUND when the record has no such value.
   */
  resolve(recordId: string, choice: ValueStamp): void;
}

// The partial index `sync_store_conflicts` (partition, id) holds only records with losing values;
// the condition must be spelled as in the index for SQLite to use it. [ds, ds;) holds the dataset's
// own partition and every one below it (';' sorts right after ':'); ids all have the same length,
// so no other dataset falls inside.
const LIST_SQL = `select * from sync_store indexed by sync_store_conflicts where conflicting != '[]' and partition >= ? and partition < ? order by partition, id limit ?`;
// The store is keyed by source, not by id: a record with conflicts is found by id among those only
// (a partial index of the records holding losing values, a few on any device).
const BY_ID_SQL = `select * from sync_store indexed by sync_store_conflict_ids where conflicting != '[]' and id = ?`;

function parseData(serialized: string | null): JsonObject | undefined {
  if (serialized === null) return undefined;
  const value: unknown = JSON.parse(serialized);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function conflictOf(record: StoreRecord): SyncConflict | undefined {
  const kept = parseData(record.serialized);
  // A deleted record stays deleted whatever value it holds: nothing to choose.
  if (!kept || record.deleted || record.conflicting.length === 0) return undefined;
  const lost: ConflictValue[] = [];
  for (const value of record.conflicting) {
    const data = parseData(value.serialized);
    if (data) lost.push({ stamp: value.stamp, data });
  }
  if (lost.length === 0) return undefined;
  return { recordId: record.id, profile: record.profile, modelName: record.modelName, sourceId: record.sourceId, partition: record.partition, kept: { stamp: record.valueStamp, data: kept }, lost };
}

/** Creates the conflicts view over the store; `registry` gives each model's way to apply a chosen value. */
export function createSyncConflicts(options: { readonly store: SyncStore; readonly registry: ModelRegistry; readonly clock: Clock }): SyncConflicts {
  const { store, registry, clock } = options;
  const list = store.db.handle.prepare(LIST_SQL);
  const byId = store.db.handle.prepare(BY_ID_SQL);

  const get = (recordId: string) => {
    const row = byId.get(recordId) as SyncStoreTable | undefined;
    return row ? conflictOf(columnsToRecord(row)) : undefined;
  };

  return Object.freeze({
    list(datasetId: string, limit = 500) {
      const rows = list.all(datasetId, `${datasetId};`, limit) as SyncStoreTable[];
      return rows.map((row) => conflictOf(columnsToRecord(row))).filter((conflict): conflict is SyncConflict => conflict !== undefined);
    },
    get,
    resolve(recordId: string, choice: ValueStamp) {
      const conflict = get(recordId);
      const chosen = conflict && [conflict.kept, ...conflict.lost].find((value) => sameStamp(value.stamp, choice));
      if (!conflict || !chosen) throw new CoreError('NOT_FOUND', 'This sync conflict was already resolved or has no such value; reload the list.');
      const model = registry.get(conflict.profile, conflict.modelName);
      const keepsCurrent = chosen === conflict.kept;
      if (!model || (!keepsCurrent && !model.applyChosen)) throw new CoreError('CONFLICT', `Conflicts of ${conflict.modelName} records cannot be resolved here.`);

      // The new version: this device's save, the chosen data, no losing values. Its history
      // includes every value, so on other devices it replaces the record and its conflict.
      const saveNewVersion = () => {
        const existing = store.find(conflict)?.record;
        if (!existing) throw CoreError.bug(`The record ${recordId} vanished while its conflict was resolved.`);
        const counter = store.allocateCounter();
        const valueStamp = { at: clock.now(), instance: store.instanceId, counter };
        const record: StoreRecord = {
          ...existing,
          serialized: canonicalJson(chosen.data),
          lastSavedInstance: store.instanceId,
          lastSavedCounter: counter,
          valueStamp,
          versions: withSave(existing.versions, store.instanceId, counter),
          conflicting: [],
          fieldStamps: stampFields(model.mergePolicy, existing, chosen.data, valueStamp) ?? existing.fieldStamps ?? {},
        };
        store.put(record, false);
      };
      if (keepsCurrent) store.db.writeTransaction(saveNewVersion);
      else model.applyChosen!(chosen.data, saveNewVersion);
    },
  });
}
