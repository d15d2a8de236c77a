import { DatabaseRouter } from '../db/database-router.js';
import { syncTables } from './sync-schema.js';

/**
 * The sync tables live in `default`, the file that holds the app tables they mirror: serializing a
 * row and clearing its dirty bit must be one transaction, which SQLite cannot span across files.
 */
export const syncRouter = new DatabaseRouter({ databaseName: 'default', tables: syncTables });
