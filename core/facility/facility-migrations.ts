import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { TableMigration } from '../db/table-migration.js';
import { facilityTables } from './facility-schema.js';
import { syncModelNames, type SyncableTable } from './sync-bookkeeping.js';

const syncableTableNames = Object.keys(syncModelNames) as SyncableTable[];

// Foreign keys have no ON DELETE CASCADE on purpose: a cascade would remove rows behind the
// repository's back, without a sync deletion record. A forgotten child delete fails loudly instead.

async function createFacilityTables(db: Kysely<any>): Promise<void> {
  // Every local write marks its row dirty; a new row starts dirty.
  const dirty = (column: ColumnDefinitionBuilder) => column.notNull().defaultTo(1);

  await db.schema
    .createTable('facility_dataset')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();

  await db.schema
    .createTable('facility')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('facility_dataset.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();

  // NOCASE: usernames are unique and signed in with regardless of (ASCII) case, as in Kolibri.
  await db.schema
    .createTable('facility_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facility.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('facility_dataset.id'))
    .addColumn('username', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('full_name', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('gender', 'text')
    .addColumn('id_number', 'text')
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('date_deleted', 'text')
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();
  // Unique over removed users too, so restoring a user can never collide.
  await db.schema.createIndex('facility_user_username').unique().on('facility_user').columns(['facility_id', 'username']).execute();
  // `id` last: pages are ordered by (column, id), so the index alone gives the order, with no sort step.
  await db.schema.createIndex('facility_user_full_name').on('facility_user').columns(['facility_id', 'full_name', 'id']).execute();
  await db.schema.createIndex('facility_user_date_created').on('facility_user').columns(['facility_id', 'date_created', 'id']).execute();
  // Sign-in without a facility looks a username up across facilities.
  await db.schema.createIndex('facility_user_username_any').on('facility_user').column('username').execute();

  await db.schema
    .createTable('classroom')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facility.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('facility_dataset.id'))
    .addColumn('name', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();
  await db.schema.createIndex('classroom_name').unique().on('classroom').columns(['facility_id', 'name']).execute();

  await db.schema
    .createTable('learner_group')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('classroom_id', 'text', (c) => c.notNull().references('classroom.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facility.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('facility_dataset.id'))
    .addColumn('name', 'text', (c) => c.notNull().modifyEnd(sql`collate nocase`))
    .addColumn('date_created', 'text', (c) => c.notNull())
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();
  await db.schema.createIndex('learner_group_name').unique().on('learner_group').columns(['classroom_id', 'name']).execute();

  await db.schema
    .createTable('role')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('facility_user.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facility.id'))
    .addColumn('classroom_id', 'text', (c) => c.references('classroom.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('facility_dataset.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('admin', 'coach')`))
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();
  // coalesce: SQLite treats NULLs as distinct in a unique index, and facility roles have no class.
  await sql`create unique index role_unique on role (user_id, kind, coalesce(classroom_id, ''))`.execute(db);
  await db.schema.createIndex('role_classroom').on('role').column('classroom_id').execute();
  await db.schema.createIndex('role_facility').on('role').columns(['facility_id', 'kind']).execute();

  await db.schema
    .createTable('membership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('facility_user.id'))
    .addColumn('classroom_id', 'text', (c) => c.notNull().references('classroom.id'))
    .addColumn('learner_group_id', 'text', (c) => c.references('learner_group.id'))
    .addColumn('dataset_id', 'text', (c) => c.notNull().references('facility_dataset.id'))
    .addColumn('sync_dirty', 'integer', dirty)
    .execute();
  await sql`create unique index membership_unique on membership (user_id, classroom_id, coalesce(learner_group_id, ''))`.execute(db);
  await db.schema.createIndex('membership_classroom').on('membership').column('classroom_id').execute();
  await db.schema.createIndex('membership_group').on('membership').column('learner_group_id').execute();

  await db.schema
    .createTable('device_permissions')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('facility_user.id'))
    .addColumn('is_superuser', 'integer', (c) => c.notNull())
    .addColumn('date_created', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('device_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('default_facility_id', 'text', (c) => c.references('facility.id'))
    .addColumn('provisioned_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sync_deletion')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('model_name', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('dataset_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('soft', 'deleted', 'hard', 'purge')`))
    .addColumn('hard', 'integer', (c) => c.generatedAlwaysAs(sql`kind = 'hard'`))
    .addColumn('deleted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sync_deletion_record').on('sync_deletion').columns(['record_id', 'model_name']).execute();
}

/** The facility domain's migrations; its tables are unrouted, so they live in `default`. */
export const facilityMigrations: readonly TableMigration[] = Object.freeze([
  {
    name: '0100-create-facility-tables',
    tables: [...facilityTables],
    relations: [
      ['facility', 'facility_dataset'],
      ['facility_user', 'facility'],
      ['classroom', 'facility'],
      ['learner_group', 'classroom'],
      ['role', 'facility_user'],
      ['role', 'classroom'],
      ['membership', 'facility_user'],
      ['membership', 'learner_group'],
      ['device_permissions', 'facility_user'],
      ['device_settings', 'facility'],
    ],
    up: createFacilityTables,
  },
  {
    // The time of the write that last changed a row, so a record's value stamp is the edit's time
    // and not the time the serializer happened to run (issue 13). Null on rows written before it:
    // the serializer then falls back to its own clock, which is what every row had until now.
    name: '0300-facility-sync-edited-at',
    tables: [...syncableTableNames],
    up: async (db) => {
      for (const table of syncableTableNames) await db.schema.alterTable(table).addColumn('sync_edited_at', 'integer').execute();
    },
  },
]);
