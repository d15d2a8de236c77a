import type { Clock } from '../../common/clock.js';
import type { Logger } from '../../common/logger.js';
import type { CancelTask, Scheduler } from '../../common/scheduler.js';
import { nextScheduledSync } from './peer-schedule.js';
import type { PeerService } from './peer-service.js';
import type { PeerRecord } from './peer-store.js';

/** Syncs by itself: a learn-only device's learners with their server, and full pairings on an admin's schedule. */
export interface PeerAutoSync {
  /** Plans every pairing: learn-only ones sync at once, scheduled ones at their next time. */
  start(): void;
  /** When the next automatic sync with the peer is planned (ms), or null (manual, stopped, or off). */
  nextAt(peerId: string): number | null;
  /** Syncs with the peer now, if it is not already syncing, and plans the next one after it. */
  syncSoon(peerId: string): void;
  /** Cancels every planned sync. */
  stop(): void;
}

/** What automatic syncing is built from. */
export interface PeerAutoSyncOptions {
  readonly peers: PeerService;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A learn-only pairing syncs this often while it succeeds. */
  readonly intervalMs: number;
  /** After a failure: this, doubled after each further failure, */
  readonly retryMs: number;
  /** at most this. */
  readonly maxBackoffMs: number;
  /** The device's offset from UTC in minutes at a time (for "daily at 16:00"); default the machine's. */
  readonly offsetMinutes?: (at: number) => number;
}

/** Creates the automatic sync of one device. Nothing runs before `start`. */
export function createPeerAutoSync(options: PeerAutoSyncOptions): PeerAutoSync {
  const { peers, scheduler, clock, logger } = options;
  const offsetMinutes = options.offsetMinutes ?? ((at: number) => -new Date(at).getTimezoneOffset());
  const planned = new Map<string, { readonly at: number; readonly cancel: CancelTask }>();
  const running = new Set<string>();
  let started = false;

  const delayFor = (peer: PeerRecord, first: boolean): number | null => {
    if (peer.stopped) return null;
    const now = clock.now();
    const failures = peer.consecutiveFailures;
    // Back-off after failures, for every kind of pairing: 1 min, 2, 4, … at most the maximum.
    const backoff = failures > 0 ? Math.min(options.retryMs * 2 ** Math.min(failures - 1, 20), options.maxBackoffMs) : null;
    if (peer.userId !== null) {
      if (first) return 0;
      return backoff ?? options.intervalMs;
    }
    const next = nextScheduledSync(peer.schedule, now, offsetMinutes(now));
    if (next === null) return null;
    return backoff === null ? next - now : Math.min(backoff, next - now);
  };

  const plan = (peerId: string, first = false) => {
    planned.get(peerId)?.cancel();
    planned.delete(peerId);
    if (!started || running.has(peerId)) return;
    const peer = peers.get(peerId);
    const delay = peer ? delayFor(peer, first) : null;
    if (delay === null) return;
    const cancel = scheduler.schedule(delay, () => {
      planned.delete(peerId);
      run(peerId);
    });
    planned.set(peerId, { at: clock.now() + delay, cancel });
  };

  const run = (peerId: string) => {
    if (running.has(peerId)) return;
    running.add(peerId);
    // Automatic syncs use the reach of a signed-in admin: the address was checked when an admin (or
    // the learner, on a fresh device) paired with it, and loopback stays closed.
    void peers
      .sync(peerId, { reach: 'unicast' })
      .catch((error: unknown) => logger.info(`Automatic sync with peer ${peerId} did not complete: ${(error as Error).message}`))
      .finally(() => {
        running.delete(peerId);
        plan(peerId);
      });
  };

  const stopListening = peers.onDidChangePeer((peerId) => {
    // A sync that ends re-plans itself; a new pairing, a new schedule or an unpairing plans here.
    if (!running.has(peerId)) plan(peerId);
  });

  return Object.freeze({
    start() {
      if (started) return;
      started = true;
      for (const peer of peers.list()) plan(peer.id, true);
    },
    nextAt: (peerId: string) => planned.get(peerId)?.at ?? null,
    syncSoon(peerId: string) {
      planned.get(peerId)?.cancel();
      planned.delete(peerId);
      run(peerId);
    },
    stop() {
      started = false;
      stopListening();
      for (const { cancel } of planned.values()) cancel();
      planned.clear();
    },
  });
}
