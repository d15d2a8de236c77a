import { sql } from 'kysely';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import { asStorageError } from '../db/storage-error.js';
import type { Session, SessionData } from './session.js';
import { createSessionCache } from './session-cache.js';
import type { SessionSchema, SessionTable } from './session-table.js';

/** A session that a delete removed: enough to tell its user and its open event streams. */
export interface EndedSessionRow {
  readonly id: string;
  readonly userId: string;
}

/**
 * Where sessions are kept. It sees key hashes only, never raw keys. Every write to an existing
 * session is an UPDATE that reports whether the row was still there: nothing here ever re-creates
 * a row that a delete removed (no INSERT OR REPLACE, no upsert).
 */
export interface SessionStore {
  /** Adds a new session under `keyHash`. */
  insert(keyHash: string, session: Session): void;
  /** The session stored under `keyHash`, expired or not. */
  find(keyHash: string): Session | undefined;
  /** Moves the activity times of an existing session; false when the row is gone. */
  touch(keyHash: string, lastSeenAt: number, expiresAt: number): boolean;
  /** Replaces the data of an existing session; false when the row is gone. */
  saveData(keyHash: string, data: SessionData, lastSeenAt: number): boolean;
  /** Deletes one session. */
  deleteByKeyHash(keyHash: string): EndedSessionRow | undefined;
  /** Deletes one session if it is still expired at `now` (a concurrent extension wins). */
  deleteIfExpired(keyHash: string, now: number): EndedSessionRow | undefined;
  /** Deletes every session of `userId` except the one with public id `keepId`. */
  deleteOthersOfUser(userId: string, keepId: string): EndedSessionRow[];
  /** Deletes every session of these users in one statement. */
  deleteByUserIds(userIds: readonly string[]): EndedSessionRow[];
  /** Deletes up to `limit` sessions that expired at or before `now`. */
  deleteExpired(now: number, limit: number): EndedSessionRow[];
  /** The live sessions of a user, most recently seen first. */
  listByUser(userId: string, now: number): Session[];
  /** Whether a live (unexpired) session is stored under `keyHash`; reads only. */
  isLive(keyHash: string, now: number): boolean;
  /** How many rows the table holds, expired ones included. */
  count(): number;
}

function toSession(row: SessionTable): Session {
  return {
    id: row.id,
    userId: row.user_id,
    data: JSON.parse(row.data) as SessionData,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
    address: row.address,
    keepSignedIn: row.keep_signed_in === 1,
  };
}

/** Options of `createSqliteSessionStore`. */
export interface SqliteSessionStoreOptions {
  /** How many committed sessions `find` keeps in memory; 0 reads SQLite every time. */
  readonly cacheCapacity?: number;
}

/** The session store on the `session` table of a SQLite database (normally `sessions.sqlite3`). */
export function createSqliteSessionStore(db: SqliteDatabase<SessionSchema>, options: SqliteSessionStoreOptions = {}): SessionStore {
  const { kysely } = db;
  const cache = createSessionCache(options.cacheCapacity);
  const caching = options.cacheCapacity !== 0;
  // data_version changes when another connection commits to this database file; this connection's
  // own commits leave it alone (those evict as they go).
  const dataVersionStatement = db.handle.prepare<[], number>('PRAGMA data_version').pluck();
  let seenDataVersion = dataVersionStatement.get();
  // Grows whenever the cache is dropped, so a value read before a drop is never put back after it.
  let cacheGeneration = 0;

  /**
   * Whether the cache may be read and filled now. Inside an open transaction it may not: what is
   * read or written there can still be rolled back, and the cache holds committed rows only.
   */
  const cacheUsable = (): boolean => {
    if (!caching || db.handle.inTransaction) return false;
    const version = dataVersionStatement.get();
    if (version !== seenDataVersion) {
      cache.clear();
      cacheGeneration += 1;
      seenDataVersion = version;
    }
    return true;
  };

  const toEnded = (row: { key_hash: string; id: string; user_id: string }): EndedSessionRow => {
    cache.evict(row.key_hash);
    return { id: row.id, userId: row.user_id };
  };
  // The per-request statements are compiled by kysely once and kept prepared: building and
  // compiling a kysely query costs more than the indexed lookup itself. Parameters bind in the
  // order they appear in the query.
  const findStatement = db.handle.prepare<[string], SessionTable>(kysely.selectFrom('session').selectAll().where('key_hash', '=', '?').compile().sql);
  const touchStatement = db.handle.prepare<[number, number, string]>(
    kysely.updateTable('session').set({ last_seen_at: 0, expires_at: 0 }).where('key_hash', '=', '?').compile().sql,
  );
  const isLiveStatement = db.handle.prepare<[string, number], { one: number }>(
    kysely.selectFrom('session').select(sql<number>`1`.as('one')).where('key_hash', '=', '?').where('expires_at', '>', 0).compile().sql,
  );

  return Object.freeze({
    insert(keyHash: string, session: Session) {
      cache.evict(keyHash);
      db.run(
        kysely.insertInto('session').values({
          key_hash: keyHash,
          id: session.id,
          user_id: session.userId,
          data: JSON.stringify(session.data),
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          user_agent: session.userAgent,
          address: session.address,
          keep_signed_in: session.keepSignedIn ? 1 : 0,
        }),
      );
      if (cacheUsable()) cache.set(keyHash, { ...session });
    },
    find(keyHash: string) {
      const usable = cacheUsable();
      const cached = usable ? cache.get(keyHash) : undefined;
      if (cached) return cached;
      const row = findStatement.get(keyHash);
      if (!row) return undefined;
      const session = toSession(row);
      if (usable) cache.set(keyHash, session);
      return session;
    },
    touch(keyHash: string, lastSeenAt: number, expiresAt: number) {
      const before = cacheUsable() ? cache.get(keyHash) : undefined;
      const generation = cacheGeneration;
      cache.evict(keyHash);
      let updated: boolean;
      try {
        updated = touchStatement.run(lastSeenAt, expiresAt, keyHash).changes === 1;
      } catch (error) {
        // A raw statement, so the storage errors are named here as `SqliteDatabase` names them.
        throw asStorageError(error, db.file) ?? error;
      }
      if (updated && before && cacheUsable() && cacheGeneration === generation) cache.set(keyHash, { ...before, lastSeenAt, expiresAt });
      return updated;
    },
    saveData(keyHash: string, data: SessionData, lastSeenAt: number) {
      cache.evict(keyHash);
      const result = db.run(kysely.updateTable('session').set({ data: JSON.stringify(data), last_seen_at: lastSeenAt }).where('key_hash', '=', keyHash));
      return result.changes === 1;
    },
    deleteByKeyHash(keyHash: string) {
      const row = db.first(kysely.deleteFrom('session').where('key_hash', '=', keyHash).returning(['key_hash', 'id', 'user_id']));
      return row ? toEnded(row) : undefined;
    },
    deleteIfExpired(keyHash: string, now: number) {
      const row = db.first(kysely.deleteFrom('session').where('key_hash', '=', keyHash).where('expires_at', '<=', now).returning(['key_hash', 'id', 'user_id']));
      return row ? toEnded(row) : undefined;
    },
    deleteOthersOfUser(userId: string, keepId: string) {
      return db.all(kysely.deleteFrom('session').where('user_id', '=', userId).where('id', '!=', keepId).returning(['key_hash', 'id', 'user_id'])).map(toEnded);
    },
    deleteByUserIds(userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      // The ids travel as one JSON array parameter, unpacked by json_each: one statement for any
      // number of users, far from SQLite's limit on bound variables, and one cached statement.
      const ids = JSON.stringify(userIds);
      return db
        .all(
          kysely
            .deleteFrom('session')
            .where('user_id', 'in', sql<string>`(select value from json_each(${ids}))`)
            .returning(['key_hash', 'id', 'user_id']),
        )
        .map(toEnded);
    },
    deleteExpired(now: number, limit: number) {
      // Bounded batches: after a laptop slept for a week, one unbounded delete could stall requests.
      return db
        .all(
          kysely
            .deleteFrom('session')
            .where('key_hash', 'in', (eb) => eb.selectFrom('session').select('key_hash').where('expires_at', '<=', now).limit(limit))
            .returning(['key_hash', 'id', 'user_id']),
        )
        .map(toEnded);
    },
    listByUser(userId: string, now: number) {
      return db
        .all(kysely.selectFrom('session').selectAll().where('user_id', '=', userId).where('expires_at', '>', now).orderBy('last_seen_at', 'desc').orderBy('created_at', 'desc'))
        .map(toSession);
    },
    isLive(keyHash: string, now: number) {
      return isLiveStatement.get(keyHash, now) !== undefined;
    },
    count() {
      return db.first(kysely.selectFrom('session').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
    },
  });
}
