import { CoreError } from '../common/core-error.js';
import { MAX_CHUNK_RECORDS } from './protocol/wire-schemas.js';

/** Peer sync tuning: sizes, retries, and when abandoned transfers are cleaned up. */
export interface SyncSettings {
  /** Records per network chunk (default 500; at most 1,000). */
  readonly chunkSize: number;
  /** Records read and handled at a time (default 500); write transactions group pages up to ~5,000 rows. */
  readonly pageSize: number;
  /** Chunks in flight at once (default 2): the pages a push sends ahead, and those a pull asks for ahead of the one it merges. */
  readonly concurrency: number;
  /** Retries of a request after a transient network failure (default 5), */
  readonly retries: number;
  /** with back-off starting here and doubling (default 200 ms). */
  readonly backoffMs: number;
  /** A transfer untouched this long is abandoned: its buffer is deleted (default 24 h). */
  readonly staleTransferMs: number;
  /** How often to look for abandoned transfers (default 10 minutes). */
  readonly cleanupIntervalMs: number;
  /** A request to a peer gives up when the connection is not up within this (default 5 s), */
  readonly connectTimeoutMs: number;
  /** when the peer has not started answering this long after (default 60 s; at most 10 s for device info and facility list), */
  readonly headersTimeoutMs: number;
  /** or when the whole request, answer included, took this long (default 3 minutes). */
  readonly requestTimeoutMs: number;
  /** Syncs with different peers that may run at once (default 2); syncs with one peer run one at a time. */
  readonly peerSyncConcurrency: number;
  /**
   * Lets peer requests reach loopback addresses (127.0.0.0/8, ::1, localhost). For tests that run
   * several devices on one machine only (default false): with it, anyone who may make this device
   * contact a peer may make it contact its own loopback services.
   */
  readonly allowLoopbackPeers: boolean;
  /** Sync sessions this device serves at once (default 3); further clients wait in line and are told their place. */
  readonly serverSyncConcurrency: number;
  /** A served session silent this long frees its place (default 2 minutes). */
  readonly serverSessionIdleMs: number;
  /** A client waiting in a peer's line asks again after this (default 2 s). */
  readonly queueRetryMs: number;
  /** Syncs by themselves: learn-only pairings at start and then every `autoSyncIntervalMs`, full ones on their schedule (default true). */
  readonly autoSync: boolean;
  /** How often a learn-only device syncs each learner with its server (default 5 minutes). */
  readonly autoSyncIntervalMs: number;
  /** The first retry after a failed automatic sync (default 1 minute), doubling after each failure */
  readonly autoSyncRetryMs: number;
  /** up to this (default 15 minutes). */
  readonly autoSyncMaxBackoffMs: number;
}

/** The defaults: chunks of 500 records, two in flight, five retries, buffers kept for a day, no loopback peers. */
export const defaultSyncSettings: SyncSettings = Object.freeze({
  chunkSize: 500,
  pageSize: 500,
  concurrency: 2,
  retries: 5,
  backoffMs: 200,
  staleTransferMs: 24 * 60 * 60_000,
  cleanupIntervalMs: 10 * 60_000,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 180_000,
  peerSyncConcurrency: 2,
  allowLoopbackPeers: false,
  serverSyncConcurrency: 3,
  serverSessionIdleMs: 2 * 60_000,
  queueRetryMs: 2_000,
  autoSync: true,
  autoSyncIntervalMs: 5 * 60_000,
  autoSyncRetryMs: 60_000,
  autoSyncMaxBackoffMs: 15 * 60_000,
});

/** Completes and checks sync settings; a value out of range is `CONFIG_INVALID`. */
export function resolveSyncSettings(input: Partial<SyncSettings> = {}): SyncSettings {
  const settings: SyncSettings = Object.freeze({ ...defaultSyncSettings, ...input });
  for (const name of ['allowLoopbackPeers', 'autoSync'] as const) {
    if (typeof settings[name] !== 'boolean') throw new CoreError('CONFIG_INVALID', `Sync setting ${name} must be true or false (got ${String(settings[name])}).`);
  }
  for (const [name, value] of Object.entries(settings)) {
    if (name === 'allowLoopbackPeers' || name === 'autoSync') continue;
    const least = name === 'retries' || name === 'backoffMs' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) throw new CoreError('CONFIG_INVALID', `Sync setting ${name} must be a whole number of at least ${least} (got ${value}).`);
  }
  if (settings.chunkSize > MAX_CHUNK_RECORDS) throw new CoreError('CONFIG_INVALID', `Sync setting chunkSize may be at most ${MAX_CHUNK_RECORDS} (got ${settings.chunkSize}).`);
  return settings;
}
