import { describe, expect, it } from 'vitest';
import { columnsToRecord, columnValuesToRecord, RECORD_COLUMN_NAMES, recordToColumns } from './record-columns.js';
import type { RecordColumns } from './store-schema.js';
import type { StoreRecord } from './store-record.js';

const record: StoreRecord = {
  id: '0123456789abcdef0123456789abcdef',
  profile: 'facilitydata',
  modelName: 'facilityuser',
  sourceId: '019ad4e1c2f3a4b5c6d7e8f901234567',
  partition: 'ds:user-ro:019ad4e1c2f3a4b5c6d7e8f901234567',
  serialized: '{"id":"019ad4e1c2f3a4b5c6d7e8f901234567","username":"amina"}',
  deleted: true,
  hardDeleted: false,
  lastSavedInstance: 'aaaa',
  lastSavedCounter: 7,
  valueStamp: { at: 1_796_169_133_890, instance: 'bbbb', counter: 5 },
  versions: { aaaa: 7, bbbb: 5 },
  conflicting: [{ serialized: '{"id":"019ad4e1c2f3a4b5c6d7e8f901234567","username":"amina_k"}', stamp: { at: 1, instance: 'cccc', counter: 2 } }],
  fieldStamps: { date_deleted: [{ at: 3, instance: 'aaaa', counter: 6 }] },
};

describe('a record as columns and back', () => {
  it('reads back, from named columns and from an array of values (after a leading column), the record it wrote', () => {
    const values = recordToColumns(record);
    const named = Object.fromEntries(RECORD_COLUMN_NAMES.map((name, index) => [name, values[index]])) as unknown as RecordColumns;
    expect(columnsToRecord(named)).toEqual(record);
    expect(columnValuesToRecord(['position', ...values], 1)).toEqual(record);
    expect(columnValuesToRecord(values)).toEqual(record);
  });
});
