import { sql } from 'kysely';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { JsonObject } from './json-value.js';
import type { SyncableModel } from './syncable-model.js';

/**
 * How the engine finds the dirty rows of one app table that syncs, for its owner's model: the
 * query of its dirty rows (through the table's partial index of dirty rows, `<table>_sync_dirty`)
 * and a row's source id. Reads only: the owner writes `sync_dirty`, setting it on local writes and
 * clearing it in its model's `markInStore`, so the column has one writer, the table's repository.
 */
export function syncedTable<Row extends Record<string, unknown>, Schema = unknown>(db: SqliteDatabase<Schema>, table: string, key: string & keyof Row): Pick<SyncableModel<Row>, 'dirtyRowsQuery' | 'sourceIdOf'> {
  return {
    dirtyRowsQuery(after, limit) {
      const from = after === undefined ? sql`` : sql`and ${sql.ref(key)} > ${after} `;
      return sql<Row>`select * from ${sql.table(table)} where sync_dirty = 1 ${from}order by ${sql.ref(key)} limit ${limit}`.compile(db.kysely);
    },
    sourceIdOf: (row) => String(row[key]),
  };
}

/**
 * A row as it travels: exactly `fields` (an allow-list), numbers and nulls as they are, anything
 * else as text. A column that is not a field (the device-local `sync_dirty` and `sync_edited_at`,
 * a column added later until its model names it) never leaves the device.
 */
export function allowListSerializer(fields: readonly string[]): (row: Record<string, unknown>) => JsonObject {
  return (row) => {
    const data: Record<string, string | number | null> = {};
    for (const field of fields) {
      const value = row[field];
      data[field] = value === null || value === undefined || typeof value === 'number' ? (value ?? null) : String(value);
    }
    return data;
  };
}
