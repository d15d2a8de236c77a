import { DatabaseRouter } from '../db/database-router.js';

/** Sends the session table to `sessions.sqlite3`, so session writes never queue behind facility writes. */
export const sessionRouter = new DatabaseRouter({ databaseName: 'sessions', tables: ['session'] });
