import type { ModelRegistry } from '../model/model-registry.js';
import type { ApplyOutcome, IncomingRecord, SyncableModel } from '../model/syncable-model.js';
import type { JsonObject } from '../model/json-value.js';
import { sourceKey, type DirtyRecord, type SyncStore } from './sync-store.js';

/**
 * Records applied per write transaction by default. A synced user lands at a random place in
 * several of the app's indexes (and in the store's when it is marked applied), so a commit writes
 * about one index page per record whatever the page size; the fixed cost of each page (a facility
 * write, the dirty-page read, marking it applied: two commits) is what a bigger page saves. At
 * 100,000 records, pages of 2,000 instead of 500 took the receiver's apply from 5.5 to 4.1 s of CPU
 * and each direction ~2 s faster; 1,000 measured the same, 5,000 no better. 1,000 is also the sync
 * worker's bound for its other transactions (`WORKER_ROWS_PER_TRANSACTION`).
 */
export const DEFAULT_APPLY_PAGE_SIZE = 1_000;

/** What `deserializeFromStore` needs. */
export interface DeserializeOptions {
  readonly store: SyncStore;
  readonly registry: ModelRegistry;
  readonly profile: string;
  readonly pageSize: number;
}

/** How many records were applied, and how many the app refused (kept for the next sync). */
export interface DeserializeResult {
  readonly applied: number;
  readonly failed: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A batch that throws as a whole is retried record by record, so one bad record cannot block the
// others of its page.
function applySafely(model: SyncableModel, records: readonly IncomingRecord[]): readonly ApplyOutcome[] {
  try {
    const outcomes = model.apply(records);
    if (outcomes.length === records.length) return outcomes;
  } catch {
    // Fall through to one at a time.
  }
  if (records.length === 1) {
    try {
      const [outcome] = model.apply(records);
      return [outcome ?? { ok: false, error: `The ${model.modelName} model answered no outcome.` }];
    } catch (error) {
      return [{ ok: false, error: describe(error) }];
    }
  }
  return records.flatMap((record) => applySafely(model, [record]));
}

type Parsed = { readonly record: DirtyRecord; readonly data: JsonObject | null } | { readonly error: string };

function parse(record: DirtyRecord): Parsed {
  if (record.serialized === null) return { record, data: null };
  try {
    return { record, data: JSON.parse(record.serialized) as JsonObject };
  } catch (error) {
    return { error: `unreadable serialized data: ${describe(error)}` };
  }
}

/**
 * A page's records as the model receives them. A record whose parent is deleted (stored, and
 * deleted in every partition it is stored in) cannot stand: it is applied as deleted too. Many
 * records of a page share or name parents (a class's memberships), so the parents of the whole
 * page are looked up in one statement.
 */
function toIncoming(store: SyncStore, model: SyncableModel, page: readonly DirtyRecord[]): (IncomingRecord | { readonly error: string })[] {
  const parsed = page.map(parse);
  const references = new Map<string, readonly [string, string]>();
  if (model.references) {
    for (const item of parsed) {
      if ('error' in item || item.data === null || item.record.deleted) continue;
      for (const reference of model.references(item.data)) references.set(sourceKey(reference.modelName, reference.sourceId), [reference.modelName, reference.sourceId]);
    }
  }
  const deletedParents = store.deletedSources([...references.values()]);
  return parsed.map((item) => {
    if ('error' in item) return item;
    const { record, data } = item;
    const parentGone = data !== null && !record.deleted && deletedParents.size > 0 && (model.references?.(data) ?? []).some((reference) => deletedParents.has(sourceKey(reference.modelName, reference.sourceId)));
    return { recordId: record.id, sourceId: record.sourceId, partition: record.partition, data, deleted: record.deleted || parentGone, hardDeleted: record.hardDeleted };
  });
}

/**
 * Applies the store's dirty records to the app tables through each model's `apply` (so through
 * the repositories), models in dependency order, a page at a time. A refused record keeps its
 * dirty bit and records why, and the sync goes on; the next sync retries it.
 */
export function deserializeFromStore(options: DeserializeOptions): DeserializeResult {
  const { store, pageSize } = options;
  let applied = 0;
  let failed = 0;
  for (const model of options.registry.inDependencyOrder(options.profile)) {
    let after = 0;
    for (;;) {
      const page: readonly DirtyRecord[] = store.dirtyPage(options.profile, model.modelName, after, pageSize);
      if (page.length === 0) break;
      after = page[page.length - 1]!.position;
      // The store does not change while deserializing, so the parents' answers hold for the page.
      const prepared = toIncoming(store, model, page);
      const incoming = prepared.filter((item): item is IncomingRecord => 'recordId' in item);
      const outcomes = incoming.length > 0 ? applySafely(model, incoming) : [];
      const outcomeById = new Map(incoming.map((record, index) => [record.recordId, outcomes[index]!]));
      // Synchronous right after `apply`: nothing can write the app rows in between.
      store.db.writeTransaction(() => {
        const clean: string[] = [];
        const done: number[] = [];
        page.forEach((record, index) => {
          const item = prepared[index]!;
          const outcome: ApplyOutcome = 'error' in item ? { ok: false, error: item.error } : outcomeById.get(record.id)!;
          if (outcome.ok) {
            done.push(record.position);
            applied += 1;
            if (!('recordId' in item) || !item.deleted) clean.push(record.sourceId);
          } else {
            store.markFailed(record.position, outcome.error);
            failed += 1;
          }
        });
        store.markApplied(done);
        // The rows now equal the store: they must not serialize back as local edits.
        model.markInStore(clean);
      });
    }
  }
  return { applied, failed };
}
