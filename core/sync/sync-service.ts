import type { Clock } from '../common/clock.js';
import { createEmitter, type Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import { createCertificateStore, type CertificateStore } from './certificates/certificate-store.js';
import { defaultOperations } from './controller/default-operations.js';
import { createSessionStore } from './controller/session-store.js';
import type { StageOperations } from './controller/sync-operation.js';
import type { SyncProgress } from './controller/sync-progress.js';
import type { LocalEngine, TransferContext } from './controller/transfer-context.js';
import { createTransferDriver } from './controller/transfer-driver.js';
import type { ModelRegistry } from './model/model-registry.js';
import { FACILITY_DATA_PROFILE } from './model/sync-profile.js';
import type { RandomSource } from './random-source.js';
import { createNonceStore } from './session/nonce-store.js';
import { openSyncConnection, type SyncConnection } from './session/sync-connection.js';
import { createSyncServer, type SyncServer } from './session/sync-server.js';
import { deserializeFromStore, type DeserializeResult } from './store/deserialize-from-store.js';
import { currentInstanceId, deviceFingerprint } from './store/instance-identity.js';
import { serializeIntoStore } from './store/serialize-into-store.js';
import { createSyncStore } from './store/sync-store.js';
import type { SyncTransport } from './transport/sync-transport.js';

/** What the sync service is built from. */
export interface SyncServiceOptions {
  /** The `default` database: the app tables and the sync tables live there together. */
  readonly db: SqliteDatabase<any>;
  /** The syncable models, filled by the composition root; the service adds the revocation list. */
  readonly registry: ModelRegistry;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** This build's version, told to peers. */
  readonly version: string;
  /** Overrides the machine fingerprint (tests pretending to be several devices). */
  readonly device?: string;
  /** Records per transaction (default 500). */
  readonly pageSize?: number;
  /** Records per network chunk (default 500). */
  readonly chunkSize?: number;
  /** Changes the stage operations, e.g. puts a plug-in in front of a stage. */
  readonly operations?: (defaults: StageOperations<TransferContext>) => StageOperations<TransferContext>;
  /** Waits before asking a busy peer again (default 50 ms). */
  readonly wait?: () => Promise<void>;
}

/** The sync engine of one core. */
export interface SyncService {
  /** This database's sync instance id. */
  readonly instanceId: string;
  readonly certificates: CertificateStore;
  /** The peer side, for a transport to deliver requests to. */
  readonly server: SyncServer;
  /** Opens a sync session with the peer behind `transport` as this device's certificate `certificateId`. */
  connect(transport: SyncTransport, options: { readonly certificateId: string; readonly peerAddress?: string }): Promise<SyncConnection>;
  /** Serializes local changes into the store now (a sync does it too). */
  serialize(): number;
  /** Applies waiting store records to the app now (a sync does it too). */
  deserialize(): DeserializeResult;
  /** Progress of every transfer, as client or server. */
  onDidProgress(listener: (progress: SyncProgress) => void): Disposer;
}

/** Creates the sync service over the `default` database. */
export function createSyncService(options: SyncServiceOptions): SyncService {
  const { db, registry, clock, random, logger } = options;
  const certificates = createCertificateStore({ db, random, clock });
  registry.register(certificates.revocationModel);
  const instanceId = currentInstanceId({ db, file: db.file, device: options.device ?? deviceFingerprint(), random, clock });
  const engine: LocalEngine = Object.freeze({
    store: createSyncStore(db, instanceId),
    registry,
    profile: FACILITY_DATA_PROFILE,
    clock,
    pageSize: options.pageSize ?? 500,
    chunkSize: options.chunkSize ?? 500,
  });
  const sessions = createSessionStore(db, clock);
  const released = sessions.releaseStarted();
  if (released > 0) logger.info(`Sync: ${released} transfer(s) interrupted by a restart will resume on the next sync.`);
  const progress = createEmitter<SyncProgress>((error) => logger.error('A sync progress listener failed', error));
  const operations = options.operations ? options.operations(defaultOperations) : defaultOperations;
  const driver = createTransferDriver({ engine, sessions, operations, logger, onProgress: (event) => progress.fire(event) });
  const server = createSyncServer({ engine, certificates, sessions, driver, nonces: createNonceStore({ clock, random }), version: options.version, onProgress: (event) => progress.fire(event) });
  const wait = options.wait ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 50)));

  return Object.freeze({
    instanceId,
    certificates,
    server,
    connect: (transport: SyncTransport, connectOptions: { readonly certificateId: string; readonly peerAddress?: string }) =>
      openSyncConnection(transport, connectOptions, { engine, certificates, sessions, driver, random, wait }),
    serialize: () => serializeIntoStore({ store: engine.store, registry, profile: engine.profile, clock, pageSize: engine.pageSize }).saved,
    deserialize: () => deserializeFromStore({ store: engine.store, registry, profile: engine.profile, pageSize: engine.pageSize }),
    onDidProgress: progress.on,
  });
}
