import type { MergePolicy } from '../model/syncable-model.js';
import { mergeIncoming, type MergeSave } from './merge-record.js';
import type { StoreRecord } from './store-record.js';
import type { SyncStore } from './sync-store.js';

/** What `mergeChunk` needs. */
export interface MergeChunkOptions {
  readonly store: SyncStore;
  /** Validated records of one chunk, as they arrived. */
  readonly records: readonly StoreRecord[];
  /** The merge policy of a model, if it declares one. */
  readonly mergePolicyOf?: (profile: string, modelName: string) => MergePolicy | undefined;
}

/** What merging a chunk did. */
export interface MergeChunkResult {
  readonly inserted: number;
  readonly fastForwarded: number;
  readonly merged: number;
  readonly skipped: number;
}

/**
 * Merges one received chunk straight into the store, marking what changed for applying. Call it
 * inside the write transaction that also records the chunk's progress, so a crash keeps both or
 * neither. Merging is idempotent (a record whose save the store's history includes is skipped), so
 * a chunk received twice after a resume changes nothing the second time. The receiver's counters
 * are not touched: they are raised only once the whole transfer arrived (`claimTransfer`).
 */
export function mergeChunk(options: MergeChunkOptions): MergeChunkResult {
  const { store } = options;
  const counts = { inserted: 0, fastForwarded: 0, merged: 0, skipped: 0 };
  let save: MergeSave | undefined;
  const allocate = () => (save ??= { instance: store.instanceId, counter: store.allocateCounter() });
  // Written a chunk at a time (this instance's saves claimed once); a record named twice in one
  // chunk is merged against the first's result, as if the two had come one after the other.
  // Each with its row's position as found, so listing it for applying needs no second look-up.
  let changed: { record: StoreRecord; position: number | undefined }[] = [];
  const pending = new Set<string>();
  for (const incoming of options.records) {
    if (pending.has(incoming.id)) {
      store.putMerged(changed);
      changed = [];
      pending.clear();
    }
    const existing = store.find(incoming);
    const outcome = mergeIncoming(existing?.record, incoming, allocate, options.mergePolicyOf?.(incoming.profile, incoming.modelName));
    if (outcome.kind === 'skip') {
      counts.skipped += 1;
      continue;
    }
    if (outcome.kind === 'insert') counts.inserted += 1;
    else if (outcome.kind === 'fast-forward') counts.fastForwarded += 1;
    else counts.merged += 1;
    changed.push({ record: outcome.record, position: existing?.position });
    pending.add(outcome.record.id);
  }
  store.putMerged(changed);
  return counts;
}
