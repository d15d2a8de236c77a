import type { RecordColumns } from './store-schema.js';
import type { FieldStamps, RecordValue, StoreRecord } from './store-record.js';
import { parseVersionVector } from './version-vector.js';

/** The column list of a record, in the order `recordToColumns` fills them. */
export const RECORD_COLUMN_NAMES = [
  'id',
  'profile',
  'model_name',
  'source_id',
  'partition',
  'serialized',
  'deleted',
  'hard_deleted',
  'last_saved_instance',
  'last_saved_counter',
  'value_at',
  'value_instance',
  'value_counter',
  'versions',
  'conflicting',
  'field_stamps',
] as const satisfies readonly (keyof RecordColumns)[];

/** A record as the positional parameters of `RECORD_COLUMN_NAMES`. */
export function recordToColumns(record: StoreRecord): unknown[] {
  return [
    record.id,
    record.profile,
    record.modelName,
    record.sourceId,
    record.partition,
    record.serialized,
    record.deleted ? 1 : 0,
    record.hardDeleted ? 1 : 0,
    record.lastSavedInstance,
    record.lastSavedCounter,
    record.valueStamp.at,
    record.valueStamp.instance,
    record.valueStamp.counter,
    JSON.stringify(record.versions),
    JSON.stringify(record.conflicting),
    JSON.stringify(record.fieldStamps ?? {}),
  ];
}

/** A stored or buffered row as a record. */
export function columnsToRecord(row: RecordColumns): StoreRecord {
  return {
    id: row.id,
    profile: row.profile,
    modelName: row.model_name,
    sourceId: row.source_id,
    partition: row.partition,
    serialized: row.serialized,
    deleted: row.deleted === 1,
    hardDeleted: row.hard_deleted === 1,
    lastSavedInstance: row.last_saved_instance,
    lastSavedCounter: row.last_saved_counter,
    valueStamp: { at: row.value_at, instance: row.value_instance, counter: row.value_counter },
    versions: parseVersionVector(row.versions),
    conflicting: JSON.parse(row.conflicting) as RecordValue[],
    fieldStamps: JSON.parse(row.field_stamps) as FieldStamps,
  };
}
