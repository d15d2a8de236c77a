import { availableParallelism, networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { coreSyncOptions } from './core-sync-options.js';
import { autoSyncTiming, deviceNameOf, shortHostName } from './device-name.js';
import { createBackupService, type BackupService } from './backup/backup-service.js';
import { systemClock, type Clock } from './common/clock.js';
import { scheduleRepeating, systemScheduler, type Scheduler } from './common/scheduler.js';
import { silentLogger, type Logger } from './common/logger.js';
import { OUTPOST_VERSION } from './common/version.js';
import { openDatabaseSet, type DatabaseSet } from './db/database-set.js';
import { runUpgradeSteps } from './db/upgrade-runner.js';
import type { UpgradeStep } from './db/upgrade-step.js';
import { coreMigrations, coreRouters } from './core-databases.js';
import { createFacilityService, createScryptPasswordHasher, type FacilityService, type UserDeletionReason } from './facility/index.js';
import type { UserDirectory } from './server/auth/user-directory.js';
import type { SignInThrottleSettings } from './server/auth/sign-in-throttle.js';
import { createLearningService, type LearningService, type StateWritePoint } from './learning/index.js';
import { createTrackedPasswordHasher } from './jobs/tracked-password-hasher.js';
import { createUserImportJobs, type UserImportJobs } from './jobs/user-import-jobs.js';
import { createCertificateRequestPolicy } from './server/auth/certificate-request-policy.js';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import { createHttpApp } from './server/http-app.js';
import { listenError } from './server/listen-error.js';
import { cryptoRandomSource, randomHex, type RandomSource } from './common/random-source.js';
import { removeLegacySessionFolder } from './sessions/remove-legacy-session-folder.js';
import { createSessionManager, type SessionManager, type SessionSettings } from './sessions/session-manager.js';
import { DEFAULT_PURGE_INTERVAL_MS, startSessionPurge } from './sessions/session-purge.js';
import { createSqliteSessionStore } from './sessions/session-store.js';
import { spawnSyncWorker } from './spawn-sync-worker.js';
import { createCoreModelRegistry } from './core-model-registry.js';
import {
  createCertificateStore,
  createLanDiscovery,
  createPeerAutoSync,
  createPeerServiceProxy,
  createSyncServerProxy,
  createSyncService,
  createSyncWorkerHost,
  discoveryInterfaces,
  isLoopbackHost,
  type LanDiscovery,
  localHostName,
  openMdnsSocket,
  resolveSyncSettings,
  type SyncService,
  type SyncSettings,
  type SyncWorkerHost,
} from './sync/index.js';

/** What a core is started with. Copied and frozen: changing it afterwards has no effect. */
export interface CoreConfig {
  /** The home folder holding every SQLite file. Created if missing. */
  readonly home: string;
  /** The built renderer to serve; without it the API still works. */
  readonly rendererDir?: string;
  readonly clock?: Clock;
  /** Every timer of the core (automatic syncs, session purge, event-stream heartbeats, stale-transfer clean-up, discovery); tests pass a manual scheduler and advance it. */
  readonly scheduler?: Scheduler;
  readonly logger?: Logger;
  /** Random bytes for session keys and CSRF tokens; defaults to node:crypto. */
  readonly random?: RandomSource;
  /** Session lifetimes, and how often expired sessions are purged (default every second). */
  readonly sessions?: Partial<SessionSettings> & { readonly purgeIntervalMs?: number };
  /** Limits on failed sign-ins per username and per address. */
  readonly signInThrottle?: Partial<SignInThrottleSettings>;
  /** Path prefixes under /api/ that use neither CSRF tokens nor cookie sessions (default: the sync protocol's paths). */
  readonly csrfExemptPrefixes?: readonly string[];
  /** scrypt cost (log2 N) for new password hashes; default 14. Tests and benchmarks lower it. */
  readonly passwordHashCost?: number;
  /** Peer sync tuning, peer request time limits, and `allowLoopbackPeers` (tests only). */
  readonly sync?: Partial<SyncSettings>;
  /** Reverse proxies (IP addresses or CIDR ranges) whose X-Forwarded-For is believed, e.g. for the sign-in throttle. Default: none. */
  readonly trustedProxies?: readonly string[];
  /** Host names this device may be reached by besides its own (localhost, its host name, its addresses). Default: none. */
  readonly allowedHosts?: readonly string[];
  /** Test hook: called at each named point of learner state's two-file write; a throw there is a simulated crash. */
  readonly learnerStateWritePoint?: (point: StateWritePoint) => void;
  /** Passwords a background CSV import hashes at once. Default: the number of cores (`os.availableParallelism()`). */
  readonly importHashConcurrency?: number;
  /**
   * LAN discovery (DNS-SD over mDNS), on the interfaces the server listens on: never when it
   * listens on loopback. `enabled` (default true) turns it off; `interfaces` (names such as `eth0`)
   * limits it; `ttlSeconds` is the TTL of this device's adverts (default 120).
   */
  readonly discovery?: { readonly enabled?: boolean; readonly interfaces?: readonly string[]; readonly ttlSeconds?: number };
  /**
   * Starts the sync worker as soon as the server listens instead of at the first sync (default
   * false). The servers people run (`npm start`, `npm run serve`) turn it on, so the first sync
   * after start-up, a fresh device's import above all, does not wait ~0.5 s for the worker to load;
   * tests leave it off, so a core that never syncs starts no thread.
   */
  readonly startSyncWorkerAtListen?: boolean;
}

/** The HTTP side of a core as its host sees it: the node server (to drop open connections on quit) and closing it. */
export interface CoreHttp {
  readonly server: Server;
  close(): Promise<unknown>;
}

/** Where a listening core can be reached. */
export interface ListenOptions {
  readonly port: number;
  readonly host: string;
}

/** A running Outpost core. Everything hangs off this object; there is no module-level state. */
export interface Core {
  readonly version: string;
  readonly config: Readonly<CoreConfig>;
  readonly databases: DatabaseSet;
  /** The HTTP side as a host needs it; the Fastify app itself stays inside core (see `createCoreWithHttpApp`). */
  readonly http: CoreHttp;
  /** Sign-in sessions: `invalidateUsers` ends every session of removed users. */
  readonly sessions: SessionManager;
  /** Facilities, users and classes: the only writer of facility data. */
  readonly facility: FacilityService;
  /**
   * The sync engine: certificates, the peer-facing sync server, and connections to peers. `server`
   * and the peer service's pairings and syncs run in the sync worker; `connect` (tests, the CLI)
   * runs an engine on this thread over the main connection.
   */
  readonly sync: SyncService;
  /** Quizzes and learner state with its history. */
  readonly learning: LearningService;
  /** Backups of every database while serving, and restoring one (docs/backups.md). */
  readonly backup: BackupService;
  /** Users CSV imports running in the background, with progress (docs/facility.md). */
  readonly importJobs: UserImportJobs;
  /** The sync worker thread: its crashes, and a test hook that kills it. */
  readonly syncWorker: SyncWorkerHost;
  /** Starts serving HTTP and answers the base URL (on loopback when bound to every interface). */
  listen(options: ListenOptions): Promise<string>;
  /** LAN discovery once listening on a LAN interface with discovery on; undefined otherwise. */
  discovery(): LanDiscovery | undefined;
  /** Stops HTTP, checkpoints and closes every database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Rows per write transaction of the sync worker's store pipeline. The main thread's writes wait
 * for the write lock (busy_timeout) while a batch commits. Measured on the shared 2-core VM during
 * a 20,000-record import: 5,000 rows (the engine's default) took p50 59 ms, p95 272 ms, max 328
 * ms per transaction; 1,000 rows p50 23 ms, p95 80 ms, max 122 ms; 500 rows no better than 1,000
 * but a slower import. See docs/sync.md.
 */
const WORKER_ROWS_PER_TRANSACTION = 1000;

/** One-off steps for home folders written by older versions, in version order. */
const upgradeSteps: readonly UpgradeStep[] = [removeLegacySessionFolder];

/** The composition root: opens and migrates the databases, builds the services, wires their events. */
export async function createCore(input: CoreConfig): Promise<Core> {
  return (await createCoreWithHttpApp(input)).core;
}

/**
 * `createCore`, also answering its Fastify app, for tests inside core that add routes or read the
 * route table. Not exported by core/index.ts, so no Fastify type leaks to the shell.
 */
export async function createCoreWithHttpApp(input: CoreConfig): Promise<{ readonly core: Core; readonly app: FastifyInstance }> {
  const config: Readonly<CoreConfig> = Object.freeze({ ...input, home: resolve(input.home) });
  const logger = config.logger ?? silentLogger;
  const clock = config.clock ?? systemClock;
  const scheduler = config.scheduler ?? systemScheduler;
  const random = config.random ?? cryptoRandomSource;
  const { purgeIntervalMs = DEFAULT_PURGE_INTERVAL_MS, ...sessionSettings } = config.sessions ?? {};
  const syncSettings = resolveSyncSettings(config.sync);

  const databases = await openDatabaseSet({ home: config.home, routers: coreRouters, migrations: coreMigrations });
  // Started by `listen` on a LAN interface; read by the nearby-devices route.
  let lan: LanDiscovery | undefined;
  // Where the server listens, for the Connect learners page.
  let listening: { readonly host: string; readonly port: number } | undefined;
  // Event wiring between services, undone on close.
  const disposers: (() => void)[] = [];
  let http: FastifyInstance;
  let sessions: SessionManager;
  let facility: FacilityService;
  let sync: SyncService;
  let learning: LearningService;
  let backup: BackupService;
  let importJobs: UserImportJobs;
  // Every sync stage of the peer-facing server and of peer syncs runs in this worker, over its own
  // connections; it starts on the first call. A test's manual clock is relayed with every call.
  const relayClock = clock === systemClock ? undefined : clock;
  const syncWorker = createSyncWorkerHost({
    logger,
    relayClock,
    spawn: () =>
      spawnSyncWorker({
        home: config.home,
        settings: syncSettings,
        rowsPerTransaction: WORKER_ROWS_PER_TRANSACTION,
        ...(config.passwordHashCost === undefined ? {} : { passwordHashCost: config.passwordHashCost }),
        ...(relayClock ? { relayedNow: relayClock.now() } : {}),
      }),
  });
  try {
    await runUpgradeSteps({ database: databases.get('default'), steps: upgradeSteps, appVersion: OUTPOST_VERSION, context: { home: config.home, logger }, clock });
    sessions = createSessionManager({
      store: createSqliteSessionStore(databases.forTable('session')),
      clock,
      random,
      settings: sessionSettings,
      onListenerError: (error) => logger.error('A listener of ended sessions failed', error),
    });
    // Tracked, so a background import sees the progress of its own hashing and can stop before its write.
    const certificates = createCertificateStore({ db: databases.get('default'), random, clock });
    const passwordHasher = createTrackedPasswordHasher(createScryptPasswordHasher({ randomBytes: random, cost: config.passwordHashCost }), {
      concurrency: config.importHashConcurrency ?? availableParallelism(),
    });
    facility = createFacilityService({
      databases,
      clock,
      randomBytes: random,
      passwordHasher,
      logger,
      // A facility's dataset id is the id of its root certificate (Morango's rule), minted in the
      // facility's own transaction: the certificate store is built first, and the sync service uses it.
      newDatasetId: () => certificates.createRoot().id,
    });
    // Every way a user is removed ends up here, once, after its transaction commits.
    disposers.push(facility.onDidDeleteUsers(({ userIds, reason }) => sessions.invalidateUsers(userIds, reason)));
    learning = createLearningService({ databases, clock, randomBytes: random, facility, onWritePoint: config.learnerStateWritePoint });
    // A hard delete or a facility purge removes the users' learner state and its history from both
    // files (no relation can cascade across them); a soft removal keeps both, so a restore finds them.
    disposers.push(facility.onDidPurgeUsers(({ userIds }) => learning.forgetPurgedUsers(userIds)));
    // A clean-up the last process did not finish (it died between the two files) is finished now.
    learning.forgetDeparted();
    // The engine sees the facility tables only through the models registered here.
    const local = createSyncService({
      db: databases.get('default'),
      registry: createCoreModelRegistry({ facility, learning }),
      certificates,
      clock,
      random,
      logger,
      version: OUTPOST_VERSION,
      ...coreSyncOptions(syncSettings, facility),
      scheduler: config.scheduler ?? systemScheduler,
      autoSync: autoSyncTiming(syncSettings),
      authorizeCertificateRequest: createCertificateRequestPolicy(facility),
    });
    // Every local facility write puts its rows into the sync store in its own transaction, so a
    // sync does not serialize them first (issue 14: a push of 100,000 new records spent 6 s there).
    disposers.push(facility.syncWrites.serializeEveryLocalWrite(() => void local.serialize()));
    const peers = createPeerServiceProxy(syncWorker, local.peers);
    sync = Object.freeze({
      ...local,
      server: createSyncServerProxy(syncWorker),
      peers,
      // The worker's sync server holds the line of syncs; this thread sees how many are admitted.
      ...(local.admission ? { admission: { ...local.admission, active: () => syncWorker.admissionActive() } } : {}),
      // Automatic syncs are peer syncs too: they run in the worker, never on this thread.
      autoSync: createPeerAutoSync({ peers, scheduler: config.scheduler ?? systemScheduler, clock, logger, ...autoSyncTiming(syncSettings) }),
      // Progress of this thread's engine (`connect`) and of the worker's.
      onDidProgress(listener) {
        const stops = [local.onDidProgress(listener), syncWorker.onDidProgress(listener)];
        return () => stops.forEach((stop) => stop());
      },
    } satisfies SyncService);
    // Users removed by a record the worker applied: signed out here (with the SSE notice), and a
    // learn-only device forgets their pairing, as for a removal on this thread.
    disposers.push(
      syncWorker.onDidDeleteUsers(({ userIds, reason }) => {
        sessions.invalidateUsers(userIds, reason as UserDeletionReason);
        sync.peers.forgetUsers(userIds);
      }),
    );
    // A learn-only device that removes a learner forgets that learner's pairing and certificate
    // (the removal itself stays local: a single-user certificate cannot write the user's record).
    disposers.push(facility.onDidDeleteUsers(({ userIds }) => sync.peers.forgetUsers(userIds)));
    importJobs = createUserImportJobs({
      importUsers: (facilityId, csv) => facility.users.importUsersCsv(facilityId, csv),
      hasher: passwordHasher,
      clock,
      newId: () => randomHex(random),
      logger,
    });
    backup = createBackupService({ databases, home: config.home, clock, outpostVersion: OUTPOST_VERSION, serializeSync: () => sync.serialize() });
    const users: UserDirectory = facility.authentication;
    http = await createHttpApp({
      logger,
      rendererDir: config.rendererDir,
      scheduler,
      health: { version: OUTPOST_VERSION, databaseHealth: () => databases.health() },
      auth: { sessions, users, clock, random, throttle: config.signInThrottle, csrfExemptPrefixes: config.csrfExemptPrefixes },
      facility,
      quizzes: learning.quizzes,
      sync: {
        server: sync.server,
        issuer: sync.issuer,
        peers: sync.peers,
        conflicts: sync.conflicts,
        instanceId: sync.instanceId,
        clients: sync.clients,
        autoSync: sync.autoSync,
        deviceName: () => deviceNameOf(facility.setup),
        hostName: shortHostName,
        nearby: () => ({ enabled: lan !== undefined, devices: lan?.nearby() ?? [] }),
        connectAddresses: () => {
          if (!listening) return { urls: [], localUrl: null, reachableOnLan: false };
          const urls = discoveryInterfaces(listening.host, networkInterfaces()).map((iface) => ({ interface: iface.name, url: `http://${iface.address}:${listening!.port}/` }));
          return { urls, localUrl: lan && lan.interfaces.length > 0 ? `http://${localHostName(sync.instanceId)}:${listening.port}/` : null, reachableOnLan: urls.length > 0 };
        },
      },
      trustedProxies: config.trustedProxies,
      // The short .local name LAN discovery publishes is this device's own name too.
      allowedHosts: [...(config.allowedHosts ?? []), localHostName(sync.instanceId)],
      backup,
      importJobs,
    });
  } catch (error) {
    await syncWorker.close();
    await databases.close();
    throw error;
  }

  const stopPurge = startSessionPurge(sessions, { intervalMs: purgeIntervalMs, scheduler, logger });
  // Abandoned transfers: once at start-up (a crash may have left some), then periodically.
  const cleanStaleTransfers = () => {
    try {
      sync.cleanStaleTransfers(syncSettings.staleTransferMs);
    } catch (error) {
      logger.error('Cleaning up abandoned sync transfers failed', error);
    }
  };
  cleanStaleTransfers();
  const stopStaleCleanup = scheduleRepeating(scheduler, syncSettings.cleanupIntervalMs, cleanStaleTransfers);
  if (syncSettings.autoSync) sync.autoSync.start();

  let closing: Promise<void> | undefined;
  const core: Core = Object.freeze({
    version: OUTPOST_VERSION,
    config,
    databases,
    http,
    sessions,
    facility,
    sync,
    learning,
    backup,
    importJobs,
    syncWorker,
    discovery: () => lan,
    async listen({ port, host }: ListenOptions) {
      try {
        await http.listen({ port, host });
      } catch (error) {
        throw listenError(error, { port, host });
      }
      const address = http.server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      listening = { host, port: boundPort };
      if (config.startSyncWorkerAtListen) syncWorker.warm();
      // Only on the interfaces the server listens on: a loopback server sends no multicast at all.
      // Read again on a scheduler tick, so interfaces that appear after start are used too.
      const listInterfaces = () => discoveryInterfaces(host, networkInterfaces(), config.discovery?.interfaces);
      if (config.discovery?.enabled !== false && !isLoopbackHost(host) && !lan) {
        lan = createLanDiscovery({
          interfaces: listInterfaces(),
          listInterfaces,
          port: boundPort,
          advert: () => ({
            instanceId: sync.instanceId,
            version: OUTPOST_VERSION,
            deviceName: deviceNameOf(facility.setup),
            learnOnly: sync.peers.isLearnOnly(),
            facilityIds: facility.facilities.listFacilities().map((record) => record.id),
          }),
          openSocket: (iface) => openMdnsSocket(iface.address, (error) => logger.warn(`LAN discovery on ${iface.name}: ${error.message}`)),
          onInterfaceError: (iface, error) => logger.warn(`LAN discovery on ${iface.name}: ${(error as Error).message}`),
          scheduler: config.scheduler ?? systemScheduler,
          clock,
          ttlSeconds: config.discovery?.ttlSeconds,
          onListenerError: (error) => logger.error('A LAN discovery listener failed', error),
        });
        // A learner's tablet syncs as soon as its server shows up on the LAN.
        disposers.push(
          lan.onDidFind((device) => {
            for (const peer of sync.peers.list()) if (peer.userId !== null && peer.peerInstanceId === device.instanceId && !peer.stopped) sync.autoSync.syncSoon(peer.id);
          }),
        );
      }
      return `http://${urlHost}:${boundPort}`;
    },
    close() {
      closing ??= (async () => {
        stopPurge();
        stopStaleCleanup();
        sync.autoSync.stop();
        await lan?.close().catch((error: unknown) => logger.warn(`LAN discovery did not close cleanly: ${(error as Error).message}`));
        for (const dispose of disposers) dispose();
        await http.close();
        // A running import must not write after the databases close.
        await importJobs.close();
        await syncWorker.close();
        await databases.close();
      })();
      return closing;
    },
  });
  return Object.freeze({ core, app: http });
}
