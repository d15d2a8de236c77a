import type { Session } from './session.js';

/** How many sessions the cache keeps at most. A classroom has a few thousand; this only bounds memory. */
export const DEFAULT_SESSION_CACHE_CAPACITY = 200_000;

/**
 * Committed sessions by key hash, in front of `sessions.sqlite3`. Every request validates its
 * session; without this each validation is an indexed read that costs more than everything else in
 * `validate` together.
 *
 * It is only a copy: the table stays the truth. The store keeps it coherent by evicting every row
 * it deletes or fails to update, and by dropping the whole copy when another connection has
 * committed to the database (`changedElsewhere`). An entry that is wrong can therefore only be
 * missing, never present for a session the table no longer holds.
 */
export interface SessionCache {
  get(keyHash: string): Session | undefined;
  set(keyHash: string, session: Session): void;
  evict(keyHash: string): void;
  clear(): void;
  readonly size: number;
}

/** A bounded map that forgets the least recently stored entry first. */
export function createSessionCache(capacity = DEFAULT_SESSION_CACHE_CAPACITY): SessionCache {
  const entries = new Map<string, Session>();
  return {
    get: (keyHash) => entries.get(keyHash),
    set(keyHash, session) {
      entries.delete(keyHash);
      if (entries.size >= capacity) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(keyHash, Object.freeze(session));
    },
    evict: (keyHash) => void entries.delete(keyHash),
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
