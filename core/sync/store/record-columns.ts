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
  return columnValuesToRecord(RECORD_COLUMN_NAMES.map((name) => row[name]));
}

/**
 * A row read as an array of values (better-sqlite3's raw mode), its record's columns from `from`
 * on in the order of `RECORD_COLUMN_NAMES`. A sender reads every record it sends this way: an
 * object per row with 17 named properties took 0.65–0.8 s per 100,000 records, arrays 0.36–0.49 s
 * (docs/performance.md, "Sync", part 8).
 */
export function columnValuesToRecord(values: readonly unknown[], from = 0): StoreRecord {
  const at = (index: number) => values[from + index];
  return {
    id: at(0) as string,
    profile: at(1) as string,
    modelName: at(2) as string,
    sourceId: at(3) as string,
    partition: at(4) as string,
    serialized: at(5) as string | null,
    deleted: at(6) === 1,
    hardDeleted: at(7) === 1,
    lastSavedInstance: at(8) as string,
    lastSavedCounter: at(9) as number,
    valueStamp: { at: at(10) as number, instance: at(11) as string, counter: at(12) as number },
    versions: parseVersionVector(at(13) as string),
    conflicting: JSON.parse(at(14) as string) as RecordValue[],
    fieldStamps: JSON.parse(at(15) as string) as FieldStamps,
  };
}
