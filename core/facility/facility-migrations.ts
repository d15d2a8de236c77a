import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { TableMigration } from '../db/table-migration.js';
import { facilityTables } from './facility-schema.js';
import { syncModelNames, type SyncableTable } from './sync-bookkeeping.js';

const syncableTableNames = Object.keys(syncModelNames) as SyncableTable[];
import { usernameKey, usernameSkeleton } from './username-key.js';

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

/** Creates `facility_username` and its indexes (shared by the migration and nothing else). */
async function createUsernameTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('facility_username')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('facility_user.id'))
    .addColumn('facility_id', 'text', (c) => c.notNull().references('facility.id'))
    .addColumn('username_key', 'text', (c) => c.notNull())
    .addColumn('skeleton', 'text', (c) => c.notNull())
    // No foreign key: the user it clashes with may be deleted; the repository then releases this one.
    .addColumn('clash_with', 'text')
    .addColumn('clash_source', 'text', (c) => c.check(sql`clash_source in ('migration', 'sync')`))
    .addColumn('clash_at', 'text')
    .execute();
  // One holder per key and facility; held users (clash_with set) wait beside it.
  await sql`create unique index facility_username_key on facility_username (facility_id, username_key) where clash_with is null`.execute(db);
  // Sign-in without a facility looks a key up across facilities.
  await db.schema.createIndex('facility_username_any').on('facility_username').column('username_key').execute();
  await db.schema.createIndex('facility_username_skeleton').on('facility_username').columns(['facility_id', 'skeleton']).execute();
  await sql`create index facility_username_held on facility_username (facility_id) where clash_with is not null`.execute(db);
}

// 500 rows of 7 columns stay well under SQLite's bound-parameter limit.
const KEY_CHUNK = 500;

/**
 * Issue 19, item 6: usernames get comparison keys. Every user gets a key; where old rows of one
 * facility normalise to the same key (`élève` in NFC and NFD, `Amina` and `ａｍｉｎａ`) the
 * earliest-created keeps it and the others are held, flagged for an admin (the service logs them
 * at start-up and lists them). No user is lost and start-up never fails on a clash. The NOCASE
 * unique index gives way to the key's: it would refuse a held user beside its holder.
 */
async function addUsernameKeys(db: Kysely<any>): Promise<void> {
  await createUsernameTable(db);
  const users = (await db
    .selectFrom('facility_user')
    .select(['id', 'facility_id', 'username'])
    .orderBy('facility_id')
    .orderBy('date_created')
    .orderBy('id')
    .execute()) as { id: string; facility_id: string; username: string }[];
  const holders = new Map<string, string>();
  const now = new Date().toISOString();
  const rows = users.map((user) => {
    const key = usernameKey(user.username);
    const slot = `${user.facility_id}\u0000${key}`;
    const holder = holders.get(slot);
    if (holder === undefined) holders.set(slot, user.id);
    return {
      user_id: user.id,
      facility_id: user.facility_id,
      username_key: key,
      skeleton: usernameSkeleton(user.username),
      clash_with: holder ?? null,
      clash_source: holder === undefined ? null : 'migration',
      clash_at: holder === undefined ? null : now,
    };
  });
  for (let start = 0; start < rows.length; start += KEY_CHUNK) await db.insertInto('facility_username').values(rows.slice(start, start + KEY_CHUNK)).execute();
  await db.schema.dropIndex('facility_user_username').execute();
  await db.schema.dropIndex('facility_user_username_any').execute();
  // Same name, no longer unique, so `id` joins it: pages sorted by (username, id) still walk it with no sort step.
  await db.schema.createIndex('facility_user_username').on('facility_user').columns(['facility_id', 'username', 'id']).execute();
}

/** The facility domain's migrations; its tables are unrouted, so they live in `default`. */
export const facilityMigrations: readonly TableMigration[] = Object.freeze([
  {
    name: '0100-create-facility-tables',
    tables: facilityTables.filter((table) => table !== 'facility_username'),
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
  {
    name: '0302-facility-username-keys',
    tables: ['facility_username', 'facility_user'],
    relations: [
      ['facility_username', 'facility_user'],
      ['facility_username', 'facility'],
    ],
    up: addUsernameKeys,
  },
  {
    // The device's name, told to peers and shown wherever a peer is named (issue 16). Null means
    // "the operating system's host name", so a device that never chose one follows its machine.
    name: '0310-device-name',
    tables: ['device_settings'],
    up: async (db) => {
      await db.schema.alterTable('device_settings').addColumn('device_name', 'text').execute();
    },
  },
  {
    // `record_id` held a row's source id (its primary key), not a sync record id (the hash of
    // partition, source id and model), so it is named for what it holds (issue 17). SQLite renames
    // the column in the index too. The name sorts after every migration released into `default`
    // (the latest, 0401-create-quiz): kysely refuses a new one that sorts before one already run.
    name: '0410-sync-deletion-source-id',
    tables: ['sync_deletion'],
    up: async (db) => {
      await db.schema.alterTable('sync_deletion').renameColumn('record_id', 'source_id').execute();
    },
  },
]);
