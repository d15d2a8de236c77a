import type { Kysely } from 'kysely';
import type { ModelRegistry } from '../model/model-registry.js';
import type { ApplyOutcome, IncomingRecord, SyncableModel } from '../model/syncable-model.js';
import type { JsonObject } from '../model/json-value.js';
import type { SyncStore, StoredRecord } from './sync-store.js';

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

/** Whether a parent record is deleted everywhere it is stored; `seen` remembers answers for one page. */
function parentDeleted(store: SyncStore, model: SyncableModel, data: JsonObject, seen: Map<string, boolean>): boolean {
  for (const reference of model.references?.(data) ?? []) {
    const key = `${reference.modelName}\u0000${reference.sourceId}`;
    let deleted = seen.get(key);
    if (deleted === undefined) {
      const versions = store.bySource(reference.modelName, reference.sourceId);
      deleted = versions.length > 0 && versions.every((record) => record.deleted);
      seen.set(key, deleted);
    }
    if (deleted) return true;
  }
  return false;
}

function toIncoming(store: SyncStore, model: SyncableModel, { record }: StoredRecord, seen: Map<string, boolean>): IncomingRecord | { readonly error: string } {
  let data: JsonObject | null = null;
  if (record.serialized !== null) {
    try {
      data = JSON.parse(record.serialized) as JsonObject;
    } catch (error) {
      return { error: `unreadable serialized data: ${describe(error)}` };
    }
  }
  // A record whose parent is deleted cannot stand: apply it as deleted too.
  const deleted = record.deleted || (data !== null && parentDeleted(store, model, data, seen));
  return { recordId: record.id, sourceId: record.sourceId, partition: record.partition, data, deleted, hardDeleted: record.hardDeleted };
}

/**
 * Applies the store's dirty records to the app tables through each model's `apply` (so through
 * the repositories), models in dependency order, a page at a time. A refused record keeps its
 * dirty bit and records why, and the sync goes on; the next sync retries it.
 */
export function deserializeFromStore(options: DeserializeOptions): DeserializeResult {
  const { store, pageSize } = options;
  const db = store.db.kysely as unknown as Kysely<any>;
  let applied = 0;
  let failed = 0;
  for (const model of options.registry.inDependencyOrder(options.profile)) {
    let afterId = '';
    for (;;) {
      const page = store.dirtyPage(options.profile, model.modelName, afterId, pageSize);
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.record.id;
      // Many records of a page share a parent (a class's memberships): look each parent up once.
      // The store does not change while deserializing, so the answers hold for the page.
      const parents = new Map<string, boolean>();
      const prepared = page.map((stored) => toIncoming(store, model, stored, parents));
      const incoming = prepared.filter((item): item is IncomingRecord => 'recordId' in item);
      const outcomes = incoming.length > 0 ? applySafely(model, incoming) : [];
      const outcomeById = new Map(incoming.map((record, index) => [record.recordId, outcomes[index]!]));
      // Synchronous right after `apply`: nothing can write the app rows in between.
      store.db.writeTransaction(() => {
        const clean: unknown[] = [];
        page.forEach(({ record }, index) => {
          const item = prepared[index]!;
          const outcome: ApplyOutcome = 'error' in item ? { ok: false, error: item.error } : outcomeById.get(record.id)!;
          if (outcome.ok) {
            store.markApplied([record.id]);
            applied += 1;
            if (!('recordId' in item) || !item.deleted) clean.push(record.sourceId);
          } else {
            store.markFailed(record.id, outcome.error);
            failed += 1;
          }
        });
        // The rows now equal the store: they must not serialize back as local edits.
        if (clean.length > 0) store.db.run(db.updateTable(model.table).set({ sync_dirty: 0 }).where(model.primaryKey, 'in', clean));
      });
    }
  }
  return { applied, failed };
}
