import { randomBytes } from 'node:crypto';
import { createManualClock, type ManualClock } from '../../common/clock.js';
import { openDatabaseSet, type DatabaseSet } from '../../db/database-set.js';
import { RouterChain } from '../../db/router-chain.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { historyRouter } from '../history-router.js';
import { createLearnerStateStore, type LearnerStateStore, type LearnerStateStoreOptions } from '../learner-state-store.js';
import type { HistorySchema, LearningSchema } from '../learning-schema.js';
import { learningMigrations } from '../learning-migrations.js';

/** Real `default.sqlite3` and `history.sqlite3` in a temp home, with a store over them on a manual clock. */
export interface StateFixture {
  readonly home: TempHome;
  readonly clock: ManualClock;
  databases: DatabaseSet;
  store: LearnerStateStore;
  /** Closes the files and opens them again with a new store, as a restarted process would. */
  reopen(overrides?: Partial<LearnerStateStoreOptions>): Promise<void>;
  close(): Promise<void>;
}

/** The learners every fixture knows, with their classes. */
export const fixtureClasses: Readonly<Record<string, readonly string[]>> = { c1: ['ana', 'ben'], c2: ['cleo'] };

/** Opens a fixture; `overrides` reach the first store (e.g. a crash hook). */
export async function openStateFixture(overrides: Partial<LearnerStateStoreOptions> = {}): Promise<StateFixture> {
  const home = createTempHome('outpost-learning-');
  const clock = createManualClock();
  const routers = new RouterChain([historyRouter]);
  const open = async (extra: Partial<LearnerStateStoreOptions>) => {
    const databases = await openDatabaseSet({ home: home.path, routers, migrations: learningMigrations });
    const store = createLearnerStateStore({
      db: databases.get<LearningSchema>('default'),
      history: databases.get<HistorySchema>('history'),
      clock,
      randomBytes: (size) => randomBytes(size),
      datasetOf: (learnerId) => (['ana', 'ben', 'cleo'].includes(learnerId) ? 'ds1' : undefined),
      learnersOfClass: (classId) => fixtureClasses[classId] ?? [],
      ...extra,
    });
    return { databases, store };
  };
  const first = await open(overrides);
  const fixture: StateFixture = {
    home,
    clock,
    databases: first.databases,
    store: first.store,
    async reopen(extra = {}) {
      await fixture.databases.close();
      const next = await open(extra);
      fixture.databases = next.databases;
      fixture.store = next.store;
    },
    async close() {
      await fixture.databases.close();
      home.remove();
    },
  };
  return fixture;
}
