import { sql } from 'kysely';
import type { TableMigration } from '../db/table-migration.js';

/** The migrations of the session table; the session router places them on `sessions.sqlite3`. */
export const sessionMigrations: readonly TableMigration[] = Object.freeze([
  {
    name: '0001-create-session',
    tables: ['session'],
    async up(db) {
      await db.schema
        .createTable('session')
        // A raw key is 43 base64url characters, so this check also refuses a raw key stored by mistake.
        .addColumn('key_hash', 'text', (c) => c.primaryKey().notNull().check(sql`length(key_hash) = 64`))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('last_seen_at', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'integer', (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .addColumn('address', 'text')
        .addColumn('keep_signed_in', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // user_id: invalidating a user's sessions; expires_at: the purge's range delete.
      await db.schema.createIndex('session_user_id_idx').on('session').column('user_id').execute();
      await db.schema.createIndex('session_expires_at_idx').on('session').column('expires_at').execute();
    },
  },
]);
