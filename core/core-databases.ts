import { RouterChain } from './db/router-chain.js';
import type { TableMigration } from './db/table-migration.js';
import { upgradeMigrations } from './db/upgrade-migrations.js';
import { facilityMigrations } from './facility/index.js';
import { historyRouter, learningMigrations } from './learning/index.js';
import { sessionMigrations } from './sessions/session-migrations.js';
import { sessionRouter } from './sessions/session-router.js';
import { syncMigrations, syncRouter } from './sync/index.js';

/** Routers of every domain. Tables no router claims live in `default`. Shared by the main thread and the sync worker. */
export const coreRouters = new RouterChain([sessionRouter, syncRouter, historyRouter]);

/** Migrations of every domain; the routers place each on its database. The sync worker opens the same set (already migrated). */
export const coreMigrations: readonly TableMigration[] = [...upgradeMigrations, ...sessionMigrations, ...facilityMigrations, ...syncMigrations, ...learningMigrations];
