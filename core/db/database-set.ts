import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../common/core-error.js';
import { databaseFileName, databaseNames, type DatabaseName } from './database-name.js';
import { migrateDatabase } from './migrate-database.js';
import { planMigrations } from './migration-plan.js';
import type { RouterChain } from './router-chain.js';
import { openSqliteConnection } from './sqlite-connection.js';
import { createSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import type { TableMigration } from './table-migration.js';

/** Every open database of one core. */
export interface DatabaseSet {
  readonly routers: RouterChain;
  /** The database by name; the caller names the schema it expects. */
  get<Schema>(name: DatabaseName): SqliteDatabase<Schema>;
  /** The database a table is written to, as the routers decide. */
  forTable<Schema>(table: string): SqliteDatabase<Schema>;
  /** `ok` for each database that answers a trivial query. */
  health(): Record<DatabaseName, 'ok' | 'error'>;
  /** Checkpoints the WAL of every database and closes them. */
  close(): Promise<void>;
}

/** Options for `openDatabaseSet`. */
export interface OpenDatabaseSetOptions {
  readonly home: string;
  readonly routers: RouterChain;
  readonly migrations: readonly TableMigration[];
}

/** Opens one file per logical database in `home` and migrates each before anything else uses it. */
export async function openDatabaseSet(options: OpenDatabaseSetOptions): Promise<DatabaseSet> {
  const plan = planMigrations(options.routers, options.migrations);
  try {
    mkdirSync(options.home, { recursive: true });
  } catch (error) {
    throw new CoreError('CONFIG_INVALID', `Cannot create the home folder ${options.home}: ${(error as Error).message}`);
  }
  const opened = new Map<DatabaseName, SqliteDatabase>();
  const closeAll = async () => {
    for (const database of opened.values()) await database.close();
  };
  try {
    for (const name of databaseNames) {
      const file = join(options.home, databaseFileName(name));
      let handle;
      try {
        handle = openSqliteConnection(file);
      } catch (error) {
        throw new CoreError('CONFIG_INVALID', `Cannot open database "${name}" at ${file}: ${(error as Error).message}`);
      }
      const database = createSqliteDatabase(name, file, handle);
      opened.set(name, database);
      await migrateDatabase(database, plan.get(name) ?? []);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  const get = <Schema>(name: DatabaseName): SqliteDatabase<Schema> => {
    const database = opened.get(name);
    if (!database) throw CoreError.bug(`Database "${name}" is not open.`);
    return database as SqliteDatabase<Schema>;
  };
  return Object.freeze({
    routers: options.routers,
    get,
    forTable: <Schema>(table: string) => get<Schema>(options.routers.databaseForWrite(table)),
    health() {
      const result = {} as Record<DatabaseName, 'ok' | 'error'>;
      for (const [name, database] of opened) {
        try {
          database.handle.prepare('select 1').get();
          result[name] = 'ok';
        } catch {
          result[name] = 'error';
        }
      }
      return result;
    },
    async close() {
      for (const database of opened.values()) {
        try {
          if (database.handle.open) database.checkpoint();
        } catch {
          // A full disk or read-only home: the WAL stays beside the file and is folded in at the
          // next start. The connections must close all the same.
        }
      }
      await closeAll();
    },
  });
}
