import type { CertificateSchema } from './certificates/certificate-schema.js';
import type { TransferSchema } from './controller/transfer-schema.js';
import type { PeerSchema } from './peers/peer-schema.js';
import type { SyncStoreSchema } from './store/store-schema.js';

/** Every table of the sync engine, all in the `default` database beside the app tables they mirror. */
export type SyncSchema = SyncStoreSchema & CertificateSchema & TransferSchema & PeerSchema;

/** The sync engine's table names, for its router. */
export const syncTables = Object.freeze([
  'sync_instance',
  'sync_store',
  'sync_apply_queue',
  'sync_database_max_counter',
  'sync_buffer',
  'sync_received_range',
  'sync_certificate',
  'sync_private_key',
  'sync_revocation',
  'sync_session',
  'sync_transfer_session',
  'sync_peer',
  'sync_client',
] as const satisfies readonly (keyof SyncSchema)[]);
