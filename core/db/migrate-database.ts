import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import { CoreError } from '../common/core-error.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { TableMigration } from './table-migration.js';

/**
 * Brings one database up to date with kysely's Migrator. SQLite has transactional DDL, so the
 * Migrator runs the pending migrations in one transaction: if one fails, the file keeps the schema
 * version it had before start-up.
 */
export async function migrateDatabase(database: SqliteDatabase, migrations: readonly TableMigration[]): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const byName: Record<string, Migration> = {};
      for (const migration of migrations) byName[migration.name] = { up: (db) => migration.up(db) };
      return byName;
    },
  };
  const migrator = new Migrator({ db: database.kysely, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  throw new CoreError(
    'MIGRATION_FAILED',
    failed
      ? `Database "${database.name}" (${database.file}): migration "${failed}" failed: ${reason}`
      : `Database "${database.name}" (${database.file}): migrations could not run: ${reason}`,
    undefined,
    { cause: error },
  );
}
