import type { ModelRegistry } from '../model/model-registry.js';
import type { ApplyOutcome, IncomingRecord, SyncableModel } from '../model/syncable-model.js';
import type { JsonObject } from '../model/json-value.js';
import { sourceKey, type DirtyRecord, type SyncStore } from './sync-store.js';
import { CoreError } from '../../common/core-error.js';

/**
 * Records applied per write transaction by default. A synced user lands at a random place in
 * several of the app's indexes (and in the store's when it is marked applied), so a commit writes
 * about one index page per record whatever the page size; the fixed cost of each page (a facility
 * write with its marks in the store, and the dirty-page read) is what a bigger page saves. At
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

/** A record of the page and what the model receives of it. */
interface Entry {
  readonly record: DirtyRecord;
  readonly incoming: IncomingRecord;
}

/**
 * Applies `entries` through the model and settles them in the store: applied records are marked
 * so, and their rows clean (they equal the store now, so they must not serialize back as local
 * edits); a refused one stays dirty with its reason. The model settles inside its own write
 * transaction when its table is in the store's database (one commit for the rows and the marks),
 * else the marks commit right after it. Throws, settling nothing, if the apply throws.
 */
function applyAndSettle(store: SyncStore, model: SyncableModel, entries: readonly Entry[]): readonly ApplyOutcome[] {
  let settled = false;
  const settle = (outcomes: readonly ApplyOutcome[]) => {
    if (settled) throw CoreError.bug(`The ${model.modelName} model settled one apply twice.`);
    if (outcomes.length !== entries.length) throw new Error(`The ${model.modelName} model answered ${outcomes.length} outcomes for ${entries.length} records.`);
    // Its own transaction, or a savepoint of the model's: either way all the marks or none.
    store.db.writeTransaction(() => {
      const applied: DirtyRecord[] = [];
      const clean: string[] = [];
      entries.forEach(({ record, incoming }, index) => {
        const outcome = outcomes[index]!;
        if (!outcome.ok) {
          store.markFailed(record.position, outcome.error);
          return;
        }
        applied.push(record);
        if (!incoming.deleted) clean.push(record.sourceId);
      });
      store.markApplied(applied);
      model.markInStore(clean);
    });
    settled = true;
  };
  const outcomes = model.apply(
    entries.map((entry) => entry.incoming),
    settle,
  );
  if (outcomes.length !== entries.length) throw new Error(`The ${model.modelName} model answered ${outcomes.length} outcomes for ${entries.length} records.`);
  if (!settled) settle(outcomes);
  return outcomes;
}

// A batch that throws as a whole (its transaction rolled back, marks included) is retried record
// by record, so one bad record cannot block the others of its page.
function applySafely(store: SyncStore, model: SyncableModel, entries: readonly Entry[]): readonly ApplyOutcome[] {
  try {
    return applyAndSettle(store, model, entries);
  } catch (error) {
    if (entries.length > 1) return entries.flatMap((entry) => applySafely(store, model, [entry]));
    const refused: ApplyOutcome = { ok: false, error: describe(error) };
    store.db.writeTransaction(() => store.markFailed(entries[0]!.record.position, refused.error));
    return [refused];
  }
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
      const entries: Entry[] = [];
      const unreadable: { readonly position: number; readonly error: string }[] = [];
      page.forEach((record, index) => {
        const item = prepared[index]!;
        if ('error' in item) unreadable.push({ position: record.position, error: item.error });
        else entries.push({ record, incoming: item });
      });
      if (unreadable.length > 0) {
        store.db.writeTransaction(() => {
          for (const { position, error } of unreadable) store.markFailed(position, error);
        });
        failed += unreadable.length;
      }
      if (entries.length === 0) continue;
      for (const outcome of applySafely(store, model, entries)) {
        if (outcome.ok) applied += 1;
        else failed += 1;
      }
    }
  }
  return { applied, failed };
}
