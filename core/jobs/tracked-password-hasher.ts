import { AsyncLocalStorage } from 'node:async_hooks';
import type { PasswordHasher } from '../facility/index.js';

/** What one tracked piece of work wants to know about the hashes made on its behalf. */
export interface HashTracking {
  /** Called after each new hash made inside the tracked work. */
  readonly onHashed: () => void;
  /** Once aborted, hashes not yet started inside the tracked work reject with `signal.reason`. */
  readonly signal: AbortSignal;
}

/** A `PasswordHasher` whose `hash` calls can be counted and stopped for one piece of async work. */
export interface TrackedPasswordHasher extends PasswordHasher {
  /** Runs `work`; every `hash` made inside it (across awaits) reports to `tracking`. */
  track<T>(tracking: HashTracking, work: () => Promise<T>): Promise<T>;
}

/**
 * Wraps a hasher so a background job (the users CSV import) sees its own progress and can stop
 * before the write, without the facility service knowing about jobs: the service hashes as it
 * always does, and AsyncLocalStorage tells which job a hash belongs to. Other requests' hashes
 * (a password change) are outside every tracked context and are not counted.
 */
export function createTrackedPasswordHasher(inner: PasswordHasher, options: { readonly concurrency: number }): TrackedPasswordHasher {
  const context = new AsyncLocalStorage<HashTracking>();
  const limit = Math.max(1, Math.floor(options.concurrency));
  let active = 0;
  const waiting: (() => void)[] = [];
  // Tracked (background) hashes run at most `limit` at a time: one per core keeps every core busy
  // without queueing a learner's sign-in (scrypt on the same libuv threadpool) behind a whole batch.
  const acquire = () => (active < limit ? ((active += 1), Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve)));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return Object.freeze({
    async hash(password: string) {
      const tracking = context.getStore();
      if (!tracking) return inner.hash(password);
      tracking.signal.throwIfAborted();
      await acquire();
      try {
        // Cancelled while it waited for a turn: no hash.
        tracking.signal.throwIfAborted();
        const hashed = await inner.hash(password);
        // A job cancelled while this hash ran must not reach its write.
        tracking.signal.throwIfAborted();
        tracking.onHashed();
        return hashed;
      } finally {
        release();
      }
    },
    verify: (password: string, stored: string) => inner.verify(password, stored),
    needsRehash: (stored: string) => inner.needsRehash(stored),
    track: <T>(tracking: HashTracking, work: () => Promise<T>) => context.run(tracking, work),
  });
}
