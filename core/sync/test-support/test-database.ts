import { openDatabaseSet, type DatabaseSet } from '../../db/database-set.js';
import { RouterChain } from '../../db/router-chain.js';
import type { TableMigration } from '../../db/table-migration.js';
import { syncMigrations } from '../sync-migrations.js';
import { syncRouter } from '../sync-router.js';
import { testModelMigrations } from './test-models.js';

/** Opens a home folder with the sync tables and the test model tables, as a device without facility code. */
export function openTestDatabases(home: string, extra: readonly TableMigration[] = []): Promise<DatabaseSet> {
  return openDatabaseSet({ home, routers: new RouterChain([syncRouter]), migrations: [...testModelMigrations, ...syncMigrations, ...extra] });
}
