import type { Clock } from '../common/clock.js';
import { createEmitter, type Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import { createCertificateStore, type CertificateStore } from './certificates/certificate-store.js';
import { defaultTransferPlan } from './controller/default-transfer-plan.js';
import { createTransferStore } from './controller/transfer-store.js';
import type { SyncProgress } from './controller/sync-progress.js';
import type { LocalEngine } from './controller/transfer-context.js';
import type { TransferPlan } from './controller/transfer-plan.js';
import { createTransferDriver } from './controller/transfer-driver.js';
import type { ModelRegistry } from './model/model-registry.js';
import { FACILITY_DATA_PROFILE } from './model/sync-profile.js';
import { createPeerService, type PeerService } from './peers/peer-service.js';
import { createPeerStore } from './peers/peer-store.js';
import { createSyncClientStore, type SyncClientStore } from './peers/client-store.js';
import { createPeerAutoSync, type PeerAutoSync } from './peers/peer-auto-sync.js';
import { createSyncAdmission, type SyncAdmission } from './session/sync-admission.js';
import { systemScheduler, type Scheduler } from '../common/scheduler.js';
import type { RandomSource } from '../common/random-source.js';
import { createCertificateIssuer, type AuthorizeCertificateRequest, type CertificateIssuer } from './session/certificate-issuer.js';
import { createNonceStore } from './session/nonce-store.js';
import { openSyncConnection, type SyncConnection } from './session/sync-connection.js';
import type { SyncServer } from './protocol/sync-server.js';
import { createSyncServer } from './session/sync-server.js';
import { DEFAULT_APPLY_PAGE_SIZE, deserializeFromStore, type DeserializeResult } from './store/deserialize-from-store.js';
import { dropTransferBuffer } from './store/drop-transfer-buffer.js';
import { currentInstanceId, deviceFingerprint } from './store/instance-identity.js';
import { serializeIntoStore } from './store/serialize-into-store.js';
import { createSyncConflicts, type SyncConflicts } from './store/sync-conflicts.js';
import { createSyncStore } from './store/sync-store.js';
import { createHttpTransport, type HttpSyncTransport } from './transport/http-transport.js';
import type { PeerReach } from './transport/peer-address.js';
import type { SyncTransport } from './protocol/sync-transport.js';

/** What the sync service is built from. */
export interface SyncServiceOptions {
  /** The `default` database: the app tables and the sync tables live there together. */
  readonly db: SqliteDatabase<any>;
  /** The syncable models, filled by the composition root; the service adds the revocation list. */
  readonly registry: ModelRegistry;
  /** The certificate store, when the composition root built it first (a new facility's dataset is a new root's id); default: one over `db`. */
  readonly certificates?: CertificateStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** This build's version, told to peers. */
  readonly version: string;
  /** Overrides the machine fingerprint (tests pretending to be several devices). */
  readonly device?: string;
  /** Records read at a time (default 500). */
  readonly pageSize?: number;
  /** Records applied to the app tables per write transaction (default `DEFAULT_APPLY_PAGE_SIZE`, 1,000). */
  readonly applyPageSize?: number;
  /** Rows per write transaction of the store pipeline (default `ROWS_PER_TRANSACTION`, 5,000); the sync worker lowers it so the main thread's writes wait less. */
  readonly rowsPerTransaction?: number;
  /** Records per network chunk (default 500). */
  readonly chunkSize?: number;
  /** Chunks in flight at once, pushed or asked for ahead by a pull (default 1; a core configures more). */
  readonly concurrency?: number;
  /** Changes the transfer plan's steps (the one hook tests use to crash or stall a stage). */
  readonly plan?: (defaults: TransferPlan) => TransferPlan;
  /** Waits before asking a busy peer again (default 50 ms). */
  readonly wait?: () => Promise<void>;
  /** Checks the credentials of a certificate request (the facility service); without it every request is refused. */
  readonly authorizeCertificateRequest?: AuthorizeCertificateRequest;
  /** How peers are reached, and how far a caller may reach (default: HTTP, no loopback). */
  readonly transportFor?: (address: string, reach: PeerReach) => HttpSyncTransport;
  /** Syncs with different peers that may run at once (default 2). */
  readonly peerSyncConcurrency?: number;
  /** This device's name, told to peers (default: none). */
  readonly deviceName?: () => string;
  /** Whether this device still holds a dataset as a facility (default: always); a sync of one it dropped is refused as FACILITY_GONE. */
  readonly holdsDataset?: (datasetId: string) => boolean;
  /** A facility's name, for the plain words of a stopped pairing. */
  readonly facilityName?: (facilityId: string) => string | undefined;
  /** Timers of automatic syncs and of waiting in a peer's line (default: real timers). */
  readonly scheduler?: Scheduler;
  /** Sessions served at once, and how long a silent one keeps its place (default: no limit). */
  readonly admission?: { readonly limit: number; readonly idleMs: number };
  /** Waiting in a busy peer's line: ask again after this (default 2 s). */
  readonly queueRetryMs?: number;
  /** Automatic syncs (default: every 5 minutes, retry after 1 minute doubling to 15). */
  readonly autoSync?: { readonly intervalMs: number; readonly retryMs: number; readonly maxBackoffMs: number };
}

/** The sync engine of one core. */
export interface SyncService {
  /** This database's sync instance id. */
  readonly instanceId: string;
  readonly certificates: CertificateStore;
  /** The peer side, for a transport to deliver requests to. */
  readonly server: SyncServer;
  /** Hands out child certificates to peers that prove a user's credentials. */
  readonly issuer: CertificateIssuer;
  /** The peers this device pairs and syncs with over the network. */
  readonly peers: PeerService;
  /** Records where a concurrent value from another device lost: listed for admins, resolved by a choice. */
  readonly conflicts: SyncConflicts;
  /** Opens a sync session with the peer behind `transport` as this device's certificate `certificateId`. */
  connect(transport: SyncTransport, options: { readonly certificateId: string; readonly peerAddress?: string }): Promise<SyncConnection>;
  /** Serializes local changes into the store now (a sync does it too). */
  serialize(): number;
  /** Applies waiting store records to the app now (a sync does it too). */
  deserialize(): DeserializeResult;
  /**
   * Deletes transfers nobody touched for `olderThanMs`, with their buffers, so interrupted syncs
   * never pile up records (Kolibri saw an 8 GB buffer table). A client that comes back later
   * starts that transfer over. Answers how many transfers were removed.
   */
  cleanStaleTransfers(olderThanMs: number): number;
  /** Progress of every transfer, as client or server. */
  onDidProgress(listener: (progress: SyncProgress) => void): Disposer;
  /** The devices that synced with this one as clients. */
  readonly clients: SyncClientStore;
  /** Syncs by itself once started (the composition root starts it, unless turned off). */
  readonly autoSync: PeerAutoSync;
  /** The line of sync sessions this device serves, when limited. */
  readonly admission: SyncAdmission | undefined;
}

/** Creates the sync service over the `default` database. */
export function createSyncService(options: SyncServiceOptions): SyncService {
  const { db, registry, clock, random, logger } = options;
  const certificates = options.certificates ?? createCertificateStore({ db, random, clock });
  registry.register(certificates.revocationModel);
  const instanceId = currentInstanceId({ db, file: db.file, device: options.device ?? deviceFingerprint(), random, clock });
  const engine: LocalEngine = Object.freeze({
    store: createSyncStore(db, instanceId),
    registry,
    profile: FACILITY_DATA_PROFILE,
    clock,
    pageSize: options.pageSize ?? 500,
    applyPageSize: options.applyPageSize ?? DEFAULT_APPLY_PAGE_SIZE,
    ...(options.rowsPerTransaction === undefined ? {} : { rowsPerTransaction: options.rowsPerTransaction }),
    chunkSize: options.chunkSize ?? 500,
    concurrency: options.concurrency ?? 1,
  });
  const transfers = createTransferStore(db, clock);
  const released = transfers.releaseStarted();
  if (released > 0) logger.info(`Sync: ${released} transfer(s) interrupted by a restart will resume on the next sync.`);
  const progress = createEmitter<SyncProgress>((error) => logger.error('A sync progress listener failed', error));
  const plan = options.plan ? options.plan(defaultTransferPlan) : defaultTransferPlan;
  const driver = createTransferDriver({ engine, transfers, plan, logger, onProgress: (event) => progress.fire(event) });
  const scheduler = options.scheduler ?? systemScheduler;
  const clients = createSyncClientStore(db, clock);
  const admission = options.admission && createSyncAdmission({ clock, ...options.admission });
  const server = createSyncServer({
    engine,
    certificates,
    transfers,
    driver,
    nonces: createNonceStore({ clock, random }),
    version: options.version,
    onProgress: (event) => progress.fire(event),
    deviceName: options.deviceName,
    holdsDataset: options.holdsDataset,
    admission,
    clients,
  });
  const wait = options.wait ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 50)));

  const issuer = createCertificateIssuer({ certificates, authorize: options.authorizeCertificateRequest ?? (async () => undefined) });

  const connect = (transport: SyncTransport, connectOptions: { readonly certificateId: string; readonly peerAddress?: string }) =>
    openSyncConnection(transport, connectOptions, { engine, certificates, transfers, driver, random, wait, deviceName: options.deviceName });
  const queueRetryMs = options.queueRetryMs ?? 2_000;
  const peers = createPeerService({
    store: createPeerStore(db, clock),
    certificates,
    instanceId,
    connect,
    onDidSyncProgress: progress.on,
    transportFor: options.transportFor ?? ((address, reach) => createHttpTransport({ baseUrl: address, policy: { reach, allowLoopback: false } })),
    concurrency: options.peerSyncConcurrency,
    clock,
    random,
    onListenerError: (error) => logger.error('A peer progress listener failed', error),
    facilityName: options.facilityName,
    queueWait: () => new Promise<void>((resolve) => scheduler.schedule(queueRetryMs, resolve)),
  });
  const autoSync = createPeerAutoSync({ peers, scheduler, clock, logger, ...(options.autoSync ?? { intervalMs: 5 * 60_000, retryMs: 60_000, maxBackoffMs: 15 * 60_000 }) });

  return Object.freeze({
    instanceId,
    certificates,
    server,
    issuer,
    peers,
    conflicts: createSyncConflicts({ store: engine.store, registry, clock }),
    connect,
    serialize: () => serializeIntoStore({ store: engine.store, registry, profile: engine.profile, clock, pageSize: engine.pageSize, rowsPerTransaction: engine.rowsPerTransaction }).saved,
    deserialize: () => deserializeFromStore({ store: engine.store, registry, profile: engine.profile, pageSize: engine.applyPageSize }),
    cleanStaleTransfers(olderThanMs: number) {
      const stale = transfers.staleTransfers(clock.now() - olderThanMs, 1_000);
      for (const transferId of stale) {
        // The buffer in bounded transactions, then the transfer: a clean-up cut off half-way leaves
        // the transfer stale, so the next one goes on.
        dropTransferBuffer(engine.store, transferId);
        db.writeTransaction(() => transfers.deleteTransfer(transferId));
      }
      if (stale.length > 0) logger.info(`Sync: removed ${stale.length} abandoned transfer(s) and their buffers.`);
      return stale.length;
    },
    onDidProgress: progress.on,
    clients,
    autoSync,
    admission,
  });
}
