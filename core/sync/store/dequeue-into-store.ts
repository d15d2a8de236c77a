import type { SyncFilter } from '../model/sync-filter.js';
import type { MergePolicy } from '../model/syncable-model.js';
import { fsicEntries, restrictFsic, type Fsic } from './fsic.js';
import { mergeIncoming, type MergeSave } from './merge-record.js';
import type { SyncStore } from './sync-store.js';
import { inWriteBatches } from './write-batches.js';

/** What `dequeueIntoStore` needs. */
export interface DequeueOptions {
  readonly store: SyncStore;
  readonly transferId: string;
  readonly filter: SyncFilter;
  /** What the sender held when it queued; the receiver holds it all once the buffer is merged. */
  readonly senderFsic: Fsic;
  readonly pageSize: number;
  /** Rows per write transaction (default `ROWS_PER_TRANSACTION`); a page never spans two. */
  readonly rowsPerTransaction?: number;
  /** The merge policy of a model, if it declares one. */
  readonly mergePolicyOf?: (profile: string, modelName: string) => MergePolicy | undefined;
}

/** What merging the buffer did. */
export interface DequeueResult {
  readonly inserted: number;
  readonly fastForwarded: number;
  readonly merged: number;
  readonly skipped: number;
}

/**
 * Merges a transfer's buffer into the store a page at a time, each page removed from the buffer in
 * the transaction that merges it (transactions of several pages), so a crash resumes with
 * exactly the records not yet merged. Only when the buffer is empty does the receiver raise its
 * counters to the sender's: claiming them earlier would make a later sync skip records that never
 * arrived.
 */
export function dequeueIntoStore(options: DequeueOptions): DequeueResult {
  const { store, transferId, pageSize } = options;
  const counts = { inserted: 0, fastForwarded: 0, merged: 0, skipped: 0 };
  inWriteBatches(store.db, () => {
    const page = store.bufferPage(transferId, '', pageSize);
    let save: MergeSave | undefined;
    const allocate = () => (save ??= { instance: store.instanceId, counter: store.allocateCounter() });
    for (const incoming of page) {
      const outcome = mergeIncoming(store.get(incoming.id)?.record, incoming, allocate, options.mergePolicyOf?.(incoming.profile, incoming.modelName));
      if (outcome.kind === 'skip') {
        counts.skipped += 1;
        continue;
      }
      if (outcome.kind === 'insert') counts.inserted += 1;
      else if (outcome.kind === 'fast-forward') counts.fastForwarded += 1;
      else counts.merged += 1;
      store.put(outcome.record, true);
    }
    store.removeBuffered(
      transferId,
      page.map((record) => record.id),
    );
    return page.length;
  }, options.rowsPerTransaction);
  store.db.writeTransaction(() => store.raiseCounters(fsicEntries(restrictFsic(options.senderFsic, options.filter))));
  return counts;
}
