import type { Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import { scheduleRepeating, type CancelTask, type Scheduler } from '../common/scheduler.js';
import { PURGE_BATCH, type SessionManager } from './session-manager.js';

/** Options of `startSessionPurge`. */
export interface SessionPurgeOptions {
  /** How often to look for expired sessions. */
  readonly intervalMs: number;
  /** Runs the purge; a real scheduler never keeps the process (a test, a CLI) alive for it. */
  readonly scheduler: Scheduler;
  readonly logger: Logger;
}

/** The default purge interval: an open event stream hears of its session's expiry within a second. */
export const DEFAULT_PURGE_INTERVAL_MS = 1_000;

/**
 * Deletes expired sessions every `intervalMs` (each reported with reason `expired`). The look-up is
 * a range scan of the `expires_at` index that almost always finds nothing, so a short interval is
 * cheap. A full batch is followed by another as a new task (delay 0) rather than in one long
 * statement, so a backlog never stalls requests. The returned disposer stops it.
 */
export function startSessionPurge(manager: SessionManager, options: SessionPurgeOptions): Disposer {
  let stopped = false;
  let pending: CancelTask | undefined;
  const runBatch = () => {
    pending = undefined;
    if (stopped) return;
    try {
      if (manager.purgeExpired(PURGE_BATCH) === PURGE_BATCH) pending = options.scheduler.schedule(0, runBatch);
    } catch (error) {
      options.logger.error('Purging expired sessions failed', error);
    }
  };
  const stopInterval = scheduleRepeating(options.scheduler, options.intervalMs, () => {
    if (pending === undefined) runBatch();
  });
  return () => {
    stopped = true;
    stopInterval();
    pending?.();
  };
}
