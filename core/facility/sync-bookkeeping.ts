import { sql, type CompiledQuery } from 'kysely';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { SyncDeletionKind } from '../sync/model/sync-deletion-log.js';
import type { FacilitySchema } from './facility-schema.js';
import type { WriteScope } from './facility-write-path.js';
import { idList } from '../db/id-list.js';

/**
 * The syncable facility tables and the model name the sync engine knows each by (Kolibri's names,
 * so records stay recognisable across the two systems).
 */
export const syncModelNames = Object.freeze({
  facility_dataset: 'facilitydataset',
  facility: 'facility',
  facility_user: 'facilityuser',
  role: 'role',
  classroom: 'classroom',
  learner_group: 'learnergroup',
  membership: 'membership',
} as const);

/** A table whose rows travel by sync. */
export type SyncableTable = keyof typeof syncModelNames;

/** A sync model name of the facility domain. */
export type FacilityModelName = (typeof syncModelNames)[SyncableTable];

/**
 * The `sync_dirty` value of a row this write inserts: 1 for a local write, so the serializer picks
 * it up; 0 for a row applied from a peer, which is in the store already and would otherwise echo back.
 */
export function insertMark(scope: WriteScope): { readonly sync_dirty: 0 | 1; readonly sync_edited_at?: number } {
  return scope.origin === 'local' ? { sync_dirty: 1, sync_edited_at: editTime(scope) } : { sync_dirty: 0 };
}

// The write's own time: it becomes the time of the record's value stamp, so a conflict is decided
// by when the edit was made, not by when the serializer ran (a peer that serializes just before it
// merges would otherwise always look newest).
function editTime(scope: WriteScope): number {
  return Date.parse(scope.now);
}

/**
 * What a write sets on a row it updates: dirty for a local write. A peer's update leaves the bit as
 * it is, so a local change not yet serialized is never forgotten.
 */
export function updateMark(scope: WriteScope): { readonly sync_dirty?: 1; readonly sync_edited_at?: number } {
  return scope.origin === 'local' ? { sync_dirty: 1, sync_edited_at: editTime(scope) } : {};
}

/**
 * Clears the dirty mark of rows that now equal their store records: the sync engine serialized
 * them, or applied them from a peer (the facility models' `markInStore`, run inside the engine's
 * transaction). With `insertMark` and `updateMark`, the only writes of a facility table's
 * `sync_dirty`. Only rows still marked are rewritten: a row applied from a peer is inserted clean.
 */
export function markInStore(db: SqliteDatabase<FacilitySchema>, table: SyncableTable, ids: readonly string[]): void {
  if (ids.length === 0) return;
  db.run(markInStoreQuery(db, table, ids));
}

/** The statement of `markInStore` (its query plan is checked by `core/sync-dirty-query-plans.test.ts`). */
export function markInStoreQuery(db: SqliteDatabase<FacilitySchema>, table: SyncableTable, ids: readonly string[]): CompiledQuery {
  // Each id is looked up in the partial index of the table's dirty rows (`0501-sync-dirty-indexes`),
  // which holds a handful of entries, not in the primary key with a read of every row: a page
  // applied from a peer was inserted clean, so nearly every id is not there (issue 14). SQLite's
  // planner picks the primary key unless told; a database without the sync tables has no such index.
  const index = hasDirtyIndex(db, table) ? sql` indexed by ${sql.id(`${table}_sync_dirty`)}` : sql``;
  return sql`update ${sql.table(table)}${index} set sync_dirty = 0 where id in ${idList(ids)} and sync_dirty = 1`.compile(db.kysely);
}

// Per connection: the tables whose dirty-row index exists (migrations run before any write).
const dirtyIndexes = new WeakMap<object, ReadonlySet<string>>();

function hasDirtyIndex(db: SqliteDatabase<FacilitySchema>, table: SyncableTable): boolean {
  let tables = dirtyIndexes.get(db.handle);
  if (!tables) {
    const names = db.handle.prepare("select name from sqlite_master where type = 'index' and name like '%\\_sync\\_dirty' escape '\\'").pluck().all() as string[];
    tables = new Set(names.map((name) => name.slice(0, -'_sync_dirty'.length)));
    dirtyIndexes.set(db.handle, tables);
  }
  return tables.has(table);
}

/** Which rows of a table a deletion concerns: by id, or by a foreign-key column. */
export interface DeletedRows {
  readonly ids: readonly string[];
  readonly column?: 'id' | 'user_id' | 'classroom_id' | 'facility_id' | 'learner_group_id';
}

/**
 * Records, in `sync_deletion`, the deletion of the selected rows of `table`. Call it inside the
 * write and before the rows go (it reads their ids and datasets from them). One statement whatever
 * the number of rows. Writes applied from a peer record nothing: the store has them already.
 */
export function recordDeletions(scope: WriteScope, table: SyncableTable, rows: DeletedRows, kind: Exclude<SyncDeletionKind, 'purge'>): void {
  if (rows.ids.length === 0 || scope.origin !== 'local') return;
  const { db } = scope;
  // A union of table names defeats kysely's column inference; every syncable table has `id` and `dataset_id`.
  const source = db.kysely.selectFrom(table as 'role');
  db.run(
    db.kysely
      .insertInto('sync_deletion')
      .columns(['model_name', 'source_id', 'dataset_id', 'kind', 'deleted_at'])
      .expression(
        source
          .select([
            sql.val<string>(syncModelNames[table]).as('model_name'),
            'id',
            'dataset_id',
            sql.val<string>(kind).as('kind'),
            sql.val<string>(scope.now).as('deleted_at'),
          ])
          .where((rows.column ?? 'id') as 'id', 'in', idList(rows.ids)),
      ),
  );
}

/**
 * Like `recordDeletions`, for rows the write already holds (e.g. from an UPDATE … RETURNING): the
 * ids and datasets travel as one JSON parameter, so no row is looked up again.
 */
export function recordDeletionsOf(
  scope: WriteScope,
  table: SyncableTable,
  rows: readonly { readonly id: string; readonly dataset_id: string }[],
  kind: Exclude<SyncDeletionKind, 'purge'>,
): void {
  if (rows.length === 0 || scope.origin !== 'local') return;
  const pairs = JSON.stringify(rows.map((row) => [row.id, row.dataset_id]));
  scope.db.run(
    scope.db.kysely
      .insertInto('sync_deletion')
      .columns(['model_name', 'source_id', 'dataset_id', 'kind', 'deleted_at'])
      .expression(
        sql`select ${syncModelNames[table]}, json_extract(value, '$[0]'), json_extract(value, '$[1]'), ${kind}, ${scope.now} from json_each(${pairs})`,
      ),
  );
}

/** Records that this device dropped a whole dataset (see `purge` above). */
export function recordDatasetPurge(scope: WriteScope, datasetId: string): void {
  if (scope.origin !== 'local') return;
  scope.db.run(
    scope.db.kysely.insertInto('sync_deletion').values({
      model_name: syncModelNames.facility_dataset,
      source_id: datasetId,
      dataset_id: datasetId,
      kind: 'purge',
      deleted_at: scope.now,
    }),
  );
}

/** Drops pending soft deletions of restored users: the row itself, dirty again, now carries the truth. */
export function forgetSoftDeletions(scope: WriteScope, userIds: readonly string[]): void {
  if (userIds.length === 0 || scope.origin !== 'local') return;
  scope.db.run(
    scope.db.kysely
      .deleteFrom('sync_deletion')
      .where('model_name', '=', syncModelNames.facility_user)
      .where('kind', '=', 'soft')
      .where('source_id', 'in', idList(userIds)),
  );
}
