import Database from 'better-sqlite3';

/** A raw better-sqlite3 handle. Only `core/db` opens these; everyone else gets a `SqliteDatabase`. */
export type SqliteHandle = Database.Database;

/** How long a connection waits for another connection's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens `file` with the pragmas every Outpost database uses. WAL lets readers run beside the one
 * writer; synchronous=NORMAL is safe in WAL mode (a power cut may lose the last commit, never
 * corrupt the file) and much faster than FULL.
 */
export function openSqliteConnection(file: string, options: { readonly readonly?: boolean } = {}): SqliteHandle {
  const handle = new Database(file, { readonly: options.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  try {
    if (!options.readonly) handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('synchronous = NORMAL');
    handle.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    handle.close();
    throw error;
  }
  return handle;
}
