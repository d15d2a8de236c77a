import { CoreError } from '../common/core-error.js';
import { MAX_CHUNK_RECORDS } from './transport/wire-schemas.js';

/** Peer sync tuning: sizes, retries, and when abandoned transfers are cleaned up. */
export interface SyncSettings {
  /** Records per network chunk (default 500; at most 1,000). */
  readonly chunkSize: number;
  /** Records read and handled at a time (default 500); write transactions group pages up to ~5,000 rows. */
  readonly pageSize: number;
  /** Push chunks in flight at once (default 2). */
  readonly concurrency: number;
  /** Retries of a request after a transient network failure (default 5), */
  readonly retries: number;
  /** with back-off starting here and doubling (default 200 ms). */
  readonly backoffMs: number;
  /** A transfer untouched this long is abandoned: its buffer is deleted (default 24 h). */
  readonly staleTransferMs: number;
  /** How often to look for abandoned transfers (default 10 minutes). */
  readonly cleanupIntervalMs: number;
}

/** The defaults: chunks of 500 records, two in flight, five retries, buffers kept for a day. */
export const defaultSyncSettings: SyncSettings = Object.freeze({
  chunkSize: 500,
  pageSize: 500,
  concurrency: 2,
  retries: 5,
  backoffMs: 200,
  staleTransferMs: 24 * 60 * 60_000,
  cleanupIntervalMs: 10 * 60_000,
});

/** Completes and checks sync settings; a value out of range is `CONFIG_INVALID`. */
export function resolveSyncSettings(input: Partial<SyncSettings> = {}): SyncSettings {
  const settings: SyncSettings = Object.freeze({ ...defaultSyncSettings, ...input });
  for (const [name, value] of Object.entries(settings)) {
    const least = name === 'retries' || name === 'backoffMs' ? 0 : 1;
    if (!Number.isInteger(value) || value < least) throw new CoreError('CONFIG_INVALID', `Sync setting ${name} must be a whole number of at least ${least} (got ${value}).`);
  }
  if (settings.chunkSize > MAX_CHUNK_RECORDS) throw new CoreError('CONFIG_INVALID', `Sync setting chunkSize may be at most ${MAX_CHUNK_RECORDS} (got ${settings.chunkSize}).`);
  return settings;
}
