import type { Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import { PURGE_BATCH, type SessionManager } from './session-manager.js';

/** Options of `startSessionPurge`. */
export interface SessionPurgeOptions {
  /** How often to look for expired sessions. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/** The default purge interval: an open event stream hears of its session's expiry within a second. */
export const DEFAULT_PURGE_INTERVAL_MS = 1_000;

/**
 * Deletes expired sessions every `intervalMs` (each reported with reason `expired`). The look-up is
 * a range scan of the `expires_at` index that almost always finds nothing, so a short interval is
 * cheap. A full batch is followed by another on the next turn of the event loop rather than in one
 * long statement, so a backlog never stalls requests. The returned disposer stops it.
 */
export function startSessionPurge(manager: SessionManager, options: SessionPurgeOptions): Disposer {
  let stopped = false;
  let pending: NodeJS.Immediate | undefined;
  const runBatch = () => {
    pending = undefined;
    if (stopped) return;
    try {
      if (manager.purgeExpired(PURGE_BATCH) === PURGE_BATCH) pending = setImmediate(runBatch);
    } catch (error) {
      options.logger.error('Purging expired sessions failed', error);
    }
  };
  const timer = setInterval(() => {
    if (pending === undefined) runBatch();
  }, options.intervalMs);
  // The purge alone must not keep a process (a test, a CLI) alive.
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
    if (pending !== undefined) clearImmediate(pending);
  };
}
