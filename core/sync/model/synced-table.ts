import { sql } from 'kysely';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { JsonObject } from './json-value.js';
import type { SyncableModel } from './syncable-model.js';

/**
 * The dirty-row bookkeeping of one app table that syncs, for its owner's model: the query of its
 * dirty rows (through the table's partial index of dirty rows, `<table>_sync_dirty`) and the
 * clearing of the mark. The owner spreads it into the model it describes, so the table's
 * `sync_dirty` column keeps one writer, its owner (the engine only calls these).
 */
export function syncedTable<Row extends Record<string, unknown>, Schema = unknown>(db: SqliteDatabase<Schema>, table: string, key: string & keyof Row): Pick<SyncableModel<Row>, 'dirtyRowsQuery' | 'sourceIdOf' | 'markInStore'> {
  return {
    dirtyRowsQuery(after, limit) {
      const from = after === undefined ? sql`` : sql`and ${sql.ref(key)} > ${after} `;
      return sql<Row>`select * from ${sql.table(table)} where sync_dirty = 1 ${from}order by ${sql.ref(key)} limit ${limit}`.compile(db.kysely);
    },
    sourceIdOf: (row) => String(row[key]),
    markInStore(sourceIds) {
      // Only rows still marked are rewritten: an applied insert is written clean already.
      if (sourceIds.length > 0) db.run(sql`update ${sql.table(table)} set sync_dirty = 0 where ${sql.ref(key)} in (select value from json_each(${JSON.stringify(sourceIds)})) and sync_dirty = 1`.compile(db.kysely));
    },
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
