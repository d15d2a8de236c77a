import { createManualClock, type ManualClock } from '../../common/clock.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import { openDatabaseSet, type DatabaseSet } from '../../db/database-set.js';
import { RouterChain } from '../../db/router-chain.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { cryptoRandomSource } from '../../common/random-source.js';
import { createSessionManager, type SessionManager, type SessionSettings } from '../session-manager.js';
import { sessionMigrations } from '../session-migrations.js';
import { sessionRouter } from '../session-router.js';
import { createSqliteSessionStore, type SessionStore } from '../session-store.js';
import type { SessionSchema } from '../session-table.js';

/** A real `sessions.sqlite3` in a temp folder, with a store and a manager on a manual clock. */
export interface SessionFixture {
  readonly home: TempHome;
  readonly databases: DatabaseSet;
  readonly db: SqliteDatabase<SessionSchema>;
  readonly store: SessionStore;
  readonly manager: SessionManager;
  readonly clock: ManualClock;
  /** Closes the databases and removes the folder. */
  dispose(): Promise<void>;
}

/** Opens a session fixture; `settings` override the manager's defaults. */
export async function openSessionFixture(settings?: Partial<SessionSettings>): Promise<SessionFixture> {
  const home = createTempHome('outpost-sessions-');
  const databases = await openDatabaseSet({ home: home.path, routers: new RouterChain([sessionRouter]), migrations: sessionMigrations });
  const db = databases.get<SessionSchema>('sessions');
  const store = createSqliteSessionStore(db);
  const clock = createManualClock();
  const manager = createSessionManager({ store, clock, random: cryptoRandomSource, settings });
  return {
    home,
    databases,
    db,
    store,
    manager,
    clock,
    async dispose() {
      await databases.close();
      home.remove();
    },
  };
}
