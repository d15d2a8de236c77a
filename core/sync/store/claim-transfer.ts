import type { SyncFilter } from '../model/sync-filter.js';
import { fsicEntries, restrictFsic, type Fsic } from './fsic.js';
import type { SyncStore } from './sync-store.js';

/** What `claimTransfer` needs. */
export interface ClaimTransferOptions {
  readonly store: SyncStore;
  readonly filter: SyncFilter;
  /** What the sender held when it queued; the receiver holds it all once every chunk is merged. */
  readonly senderFsic: Fsic;
}

/**
 * The receiver, holding every record of a transfer, raises its counters to the sender's inside the
 * filter, in one transaction. Only then: claiming them earlier would make a later sync skip
 * records that never arrived.
 */
export function claimTransfer(options: ClaimTransferOptions): void {
  const { store } = options;
  store.db.writeTransaction(() => store.raiseCounters(fsicEntries(restrictFsic(options.senderFsic, options.filter))));
}
