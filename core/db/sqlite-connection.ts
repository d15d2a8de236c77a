import Database from 'better-sqlite3';

/** A raw better-sqlite3 handle. Only `core/db` opens these; everyone else gets a `SqliteDatabase`. */
export type SqliteHandle = Database.Database;

/** How long a connection waits for another connection's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * WAL pages between automatic checkpoints (SQLite's default is 1,000, 4 MB). Sync writes records
 * with random ids into several indexes, so one 500-record commit dirties ~2,500 pages: with the
 * default every commit also checkpointed, copying each page to the main file and syncing it. At
 * 10,000 pages (40 MB) a page rewritten by several commits is copied once; in a scratch test of
 * 200,000 such inserts this took 13.5 s → 6.6 s on this VM (docs/performance.md, "Sync").
 */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;
/** After a checkpoint the WAL file is cut back to this, so a big sync does not leave it at 40 MB. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Opens `file` with the pragmas every Outpost database uses. WAL lets readers run beside the one
 * writer; synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commit, never
 * corrupt the file) and much faster than FULL.
 */
export function openSqliteConnection(file: string, options: { readonly readonly?: boolean } = {}): SqliteHandle {
  const handle = new Database(file, { readonly: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  try {
    if (!options.readonly) {
      handle.pragma('journal_mode = WAL');
      handle.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      handle.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    handle.pragma('foreign_keys = ON');
    handle.pragma('synchronous = NORMAL');
    handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    handle.close();
    throw error;
  }
  return handle;
}
