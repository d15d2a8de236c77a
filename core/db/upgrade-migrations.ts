import { sql } from 'kysely';
import type { TableMigration } from './table-migration.js';

/** The tables of the upgrade mechanism (unrouted, so in `default.sqlite3`). */
export interface UpgradeSchema {
  /** One row (id 1): the app version that last started on this home folder. */
  app_version: { id: number; version: string; updated_at: number };
  /** Each upgrade step that has run. */
  app_upgrade_step: { name: string; version: string; ran_at: number };
}

/** Creates the tables that record the stored app version and the upgrade steps that ran. */
export const upgradeMigrations: readonly TableMigration[] = Object.freeze([
  {
    name: '0001-create-app-upgrade',
    tables: ['app_version', 'app_upgrade_step'],
    async up(db) {
      await db.schema
        .createTable('app_version')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('app_upgrade_step')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('ran_at', 'integer', (c) => c.notNull())
        .execute();
    },
  },
]);
