// The sync worker thread's entry: every sync stage of this core runs here, over connections of its
// own, so that the main thread (HTTP, sign-in, facility) answers while a large sync runs. A
// composition root like create-core.ts: the engine never imports a domain, this file wires them.
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock, type Clock } from './common/clock.js';
import { CoreError } from './common/core-error.js';
import { OUTPOST_VERSION } from './common/version.js';
import { coreMigrations, coreRouters } from './core-databases.js';
import { openDatabaseSet } from './db/database-set.js';
import { createFacilityService, createScryptPasswordHasher } from './facility/index.js';
import { createLearningService } from './learning/index.js';
import { coreSyncOptions } from './core-sync-options.js';
import { cryptoRandomSource } from './common/random-source.js';
import { createCoreModelRegistry } from './core-model-registry.js';
import { createSyncService, serveSyncWorker, type SyncSettings, workerLogger } from './sync/index.js';

/** What the main thread starts the sync worker with (structured-cloneable). */
export interface SyncWorkerData {
  readonly home: string;
  readonly settings: SyncSettings;
  /** Rows per write transaction of the store pipeline in the worker. */
  readonly rowsPerTransaction: number;
  readonly passwordHashCost?: number;
  /** The main thread's clock at start when it relays its own (a test's manual clock); absent: the system clock. */
  readonly relayedNow?: number;
}

const port = parentPort;
if (!port) throw new Error('sync-worker.ts runs as a worker thread only.');
const data = (workerData as { sync: SyncWorkerData }).sync;
const logger = workerLogger(port);

let relayed = data.relayedNow;
const clock: Clock = relayed === undefined ? systemClock : { now: () => relayed! };

const databases = await openDatabaseSet({ home: data.home, routers: coreRouters, migrations: coreMigrations });
const facility = createFacilityService({
  databases,
  clock,
  randomBytes: cryptoRandomSource,
  passwordHasher: createScryptPasswordHasher({ randomBytes: cryptoRandomSource, cost: data.passwordHashCost }),
  logger,
  // Facilities are created on the main thread (with their root certificate); applying records never creates one.
  newDatasetId: () => {
    throw CoreError.bug('The sync worker creates no facility.');
  },
});
// Applying learner state and quizzes from peers goes through the learning domain, like facility rows;
// a user wiped by an applied hard delete takes their learner state with them, as on the main thread.
const learning = createLearningService({ databases, clock, randomBytes: cryptoRandomSource, facility });
facility.onDidPurgeUsers(({ userIds }) => learning.forgetPurgedUsers(userIds));
const { settings } = data;
const sync = createSyncService({
  db: databases.get('default'),
  registry: createCoreModelRegistry({ facility, learning }),
  clock,
  random: cryptoRandomSource,
  logger,
  version: OUTPOST_VERSION,
  rowsPerTransaction: data.rowsPerTransaction,
  // The worker serves the protocol, so it tells the device's name, refuses facilities this device
  // no longer holds and keeps the line of syncs; its automatic syncs are never started (the main
  // thread schedules them and forwards each to this worker).
  ...coreSyncOptions(settings, facility),
});

serveSyncWorker(
  port,
  { sync, onDidDeleteUsers: facility.onDidDeleteUsers, close: () => databases.close() },
  (now) => {
    relayed = now;
  },
);
