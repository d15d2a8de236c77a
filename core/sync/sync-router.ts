import { DatabaseRouter } from '../db/database-router.js';
import { syncTables } from './sync-schema.js';

/**
 * Tables the sync engine once had: no code reads them, but the migrations that created and then
 * dropped them still run on an older home, so they stay routed to `default`.
 */
const retiredSyncTables = Object.freeze(['sync_received_chunk']);

/**
 * The sync tables live in `default`, the file that holds the app tables they mirror: serializing a
 * row and clearing its dirty bit must be one transaction, which SQLite cannot span across files.
 */
export const syncRouter = new DatabaseRouter({ databaseName: 'default', tables: [...syncTables, ...retiredSyncTables] });
