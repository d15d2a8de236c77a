import { DatabaseRouter } from '../db/database-router.js';
import { syncTables } from './sync-schema.js';

/**
 * Tables the sync engine once had (or has for the length of one migration): no code reads them,
 * but the migrations that create and drop them still run on an older home, so they stay routed
 * to `default`.
 */
const retiredSyncTables = Object.freeze(['sync_received_chunk', 'sync_buffer_ids', 'sync_store_keyed', 'sync_buffer_keyed']);

/**
 * The sync tables live in `default`, the file that holds the app tables they mirror: serializing a
 * row and clearing its dirty bit must be one transaction, which SQLite cannot span across files.
 */
export const syncRouter = new DatabaseRouter({ databaseName: 'default', tables: [...syncTables, ...retiredSyncTables] });
