import type { TableMigration } from '../db/table-migration.js';

/**
 * The migrations of the learning tables. Names sort after every name shipped on each database
 * (`0300-…` is the newest on default), because each database runs its migrations in one order.
 */
export const learningMigrations: readonly TableMigration[] = Object.freeze([
  {
    name: '0400-create-learner-state',
    tables: ['learner_state', 'learner_state_version'],
    async up(db) {
      await db.schema
        .createTable('learner_state')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('activity', 'text', (c) => c.notNull())
        .addColumn('state_key', 'text', (c) => c.notNull())
        .addColumn('fields', 'text')
        .addColumn('version_id', 'text', (c) => c.notNull())
        .addColumn('modified_at', 'integer', (c) => c.notNull())
        .addColumn('sync_dirty', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sync_edited_at', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // (learner, key): getMany; (activity, learner, key): reports walk one activity in pages.
      await db.schema.createIndex('learner_state_learner_key_idx').on('learner_state').columns(['learner_id', 'state_key']).unique().execute();
      await db.schema.createIndex('learner_state_activity_idx').on('learner_state').columns(['activity', 'learner_id', 'state_key']).execute();
      await db.schema
        .createTable('learner_state_version')
        .addColumn('version_id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('state_id', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('activity', 'text', (c) => c.notNull())
        .addColumn('state_key', 'text', (c) => c.notNull())
        .addColumn('fields', 'text')
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('copied', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sync_dirty', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sync_edited_at', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('learner_state_version_pending_idx').on('learner_state_version').columns(['copied', 'sync_dirty']).execute();
      await db.schema.createIndex('learner_state_version_learner_idx').on('learner_state_version').column('learner_id').execute();
    },
  },
  {
    name: '0400-create-learner-state-history',
    tables: ['learner_state_history'],
    async up(db) {
      await db.schema
        .createTable('learner_state_history')
        .addColumn('version_id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('state_id', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('learner_id', 'text', (c) => c.notNull())
        .addColumn('activity', 'text', (c) => c.notNull())
        .addColumn('state_key', 'text', (c) => c.notNull())
        .addColumn('fields', 'text')
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('learner_state_history_state_idx').on('learner_state_history').columns(['state_id', 'created_at']).execute();
      await db.schema.createIndex('learner_state_history_learner_idx').on('learner_state_history').column('learner_id').execute();
    },
  },
  {
    name: '0401-create-quiz',
    tables: ['quiz'],
    async up(db) {
      await db.schema
        .createTable('quiz')
        .addColumn('id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('facility_id', 'text', (c) => c.notNull())
        .addColumn('classroom_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('questions', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addColumn('sync_dirty', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sync_edited_at', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('quiz_classroom_idx').on('quiz').column('classroom_id').execute();
    },
  },
]);
