import type { SyncStore } from './sync-store.js';
import { inWriteBatches } from './write-batches.js';

/**
 * Rows of a buffer dropped per write transaction. Dropping a 100,000-record buffer in one
 * transaction held the write lock for over half a second (issue 14); 5,000 rows take about 30 ms.
 */
const DROPPED_PER_TRANSACTION = 5000;

/**
 * Drops what a transfer kept on this device (its buffer and its received chunks) in bounded write
 * transactions, so the main thread's writes interleave. Cut off half-way, it leaves a smaller
 * buffer that the next call (a resumed step, the stale-transfer clean-up) goes on dropping.
 */
export function dropTransferBuffer(store: SyncStore, transferId: string): void {
  inWriteBatches(store.db, () => store.clearBufferPage(transferId, DROPPED_PER_TRANSACTION), DROPPED_PER_TRANSACTION);
}
