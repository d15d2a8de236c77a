import type { SyncFilter } from '../model/sync-filter.js';
import type { Fsic } from './fsic.js';
import { planQueue } from './queue-plan.js';
import type { QueueCursor, SyncStore } from './sync-store.js';
import { dropTransferBuffer } from './drop-transfer-buffer.js';
import { inWriteBatches } from './write-batches.js';

/** What `queueIntoBuffer` needs. */
export interface QueueOptions {
  readonly store: SyncStore;
  readonly transferId: string;
  readonly profile: string;
  readonly filter: SyncFilter;
  /** What the receiver holds, as it said when the transfer began. */
  readonly receiverFsic: Fsic;
  readonly pageSize: number;
  /** Rows per write transaction (default `ROWS_PER_TRANSACTION`); a page never spans two. */
  readonly rowsPerTransaction?: number;
}

/** What was queued, and the sender's knowledge the receiver may claim once it has it all. */
export interface QueueResult {
  readonly senderFsic: Fsic;
  readonly total: number;
}

/**
 * Lists in the transfer's buffer every record the receiver lacks inside the filter, in the order
 * they were saved, a page at a time in transactions of several pages. The sender's fsic is taken
 * first, so the buffer names at least everything it promises (a save made meanwhile is either
 * queued too or left for the next sync). Running it again after a crash starts from an empty
 * buffer, so nothing is listed twice.
 */
export function queueIntoBuffer(options: QueueOptions): QueueResult {
  const { store, transferId, pageSize } = options;
  dropTransferBuffer(store, transferId);
  const senderFsic = store.fsic(options.filter);
  const plan = planQueue(options.filter, senderFsic, options.receiverFsic);
  for (const range of plan.ranges) {
    let cursor: QueueCursor | undefined;
    // A record below a narrower region key is that region's business (its counters differ). With
    // no narrower key inside this region (a facility's one region, most often), the page holds
    // only this region's records and needs no look-up per record.
    const narrower = plan.regions.some((key) => key !== range.region && (range.region === '' || key.startsWith(`${range.region}:`)));
    inWriteBatches(store.db, () => {
      const page = store.queuePage(range, cursor, pageSize);
      if (page.length === 0) return 0;
      const mine = page.filter((record) => record.profile === options.profile && (!narrower || plan.regionOf(record.partition) === range.region));
      store.bufferFromStore(
        transferId,
        mine.map((record) => record.position),
      );
      const last = page[page.length - 1]!;
      cursor = { counter: last.lastSavedCounter, id: last.id };
      return page.length;
    }, options.rowsPerTransaction);
  }
  return { senderFsic, total: store.bufferCount(transferId) };
}
