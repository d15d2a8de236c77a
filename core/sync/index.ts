// The public surface of the sync engine: outside core/sync, import only this file, core/sync/model
// (the app-facing contracts) and core/sync/test-support (tests). A layer rule enforces it.

/** The engine of one core, its settings and its tables. */
export { createSyncService, type SyncService, type SyncServiceOptions } from './sync-service.js';
export { resolveSyncSettings, type SyncSettings } from './sync-settings.js';
export { syncMigrations } from './sync-migrations.js';
export { syncRouter } from './sync-router.js';
export { createCertificateStore } from './certificates/certificate-store.js';
export type { AuthorizeCertificateRequest, CertificateIssuer } from './session/certificate-issuer.js';

/** The sync worker thread: its host on the main thread, the proxies, and the worker-side loop. */
export { createSyncWorkerHost, type SyncWorkerHost } from './worker/sync-worker-host.js';
export { createPeerServiceProxy } from './worker/peer-service-proxy.js';
export { createSyncServerProxy } from './worker/sync-server-proxy.js';
export { serveSyncWorker, workerLogger } from './worker/serve-sync-worker.js';

/** The wire: the protocol both ends share, and the HTTP transport. */
export { GZIP_CAPABILITY, peerLookupPaths, syncPaths, syncProtocolPrefixes } from './protocol/sync-paths.js';
export { GZIP_MIN_BYTES, type EncodedBody } from './protocol/encoded-body.js';
export type { SyncServer } from './protocol/sync-server.js';
export { openSessionMessage, type SyncTransport } from './protocol/sync-transport.js';
export { createHttpTransport, type HttpSyncTransport } from './transport/http-transport.js';
export { parsePeerBaseUrl } from './transport/peer-address.js';

/** Peers this device pairs and syncs with, and the devices that synced with it. */
export { createPeerAutoSync, type PeerAutoSync } from './peers/peer-auto-sync.js';
export { checkPeerSchedule } from './peers/peer-schedule.js';
export type { PeerService } from './peers/peer-service.js';
export type { PeerRecord, PeerSyncOutcome } from './peers/peer-store.js';
export type { SyncClientStore } from './peers/client-store.js';

/** Finding peers on the LAN. */
export { discoveryInterfaces, isLoopbackHost } from './discovery/discovery-interfaces.js';
export { localHostName } from './discovery/dns-sd-records.js';
export { createLanDiscovery, type LanDiscovery, type NearbyDevice } from './discovery/lan-discovery.js';
export { openMdnsSocket } from './discovery/mdns-socket.js';

/** The store, as far as other layers see it: conflicts for admins, restore of a backup, query-plan checks. */
export type { ConflictValue, SyncConflict, SyncConflicts } from './store/sync-conflicts.js';
export type { ValueStamp } from './store/store-record.js';
export type { SyncStoreSchema } from './store/store-schema.js';
export { keepInstanceAcrossRestore, readRunningInstance } from './store/keep-instance-across-restore.js';
