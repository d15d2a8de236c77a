import type { Clock } from '../../common/clock.js';
import { canonicalJson } from '../model/canonical-json.js';
import type { ModelRegistry } from '../model/model-registry.js';
import { recordId } from '../model/record-id.js';
import { SYNC_DELETION_TABLE, type SyncDeletionRow } from '../model/sync-deletion-log.js';
import type { SyncableModel } from '../model/syncable-model.js';
import { stampFields } from './merge-fields.js';
import type { FieldStamps, StoreRecord, ValueStamp } from './store-record.js';
import type { SyncStore } from './sync-store.js';
import { withSave } from './version-vector.js';
import { inWriteBatches } from './write-batches.js';

/** What `serializeIntoStore` needs. */
export interface SerializeOptions {
  readonly store: SyncStore;
  readonly registry: ModelRegistry;
  readonly profile: string;
  readonly clock: Clock;
  /** Rows per transaction. */
  readonly pageSize: number;
  /** Rows per write transaction (default `ROWS_PER_TRANSACTION`); a page never spans two. */
  readonly rowsPerTransaction?: number;
}

/** How many records got a new version. */
export interface SerializeResult {
  readonly saved: number;
}

/** Lazily allocates one counter for a page: a page that changes nothing uses none. */
function saver(store: SyncStore) {
  let counter: number | undefined;
  return () => (counter ??= store.allocateCounter());
}

/**
 * Moves local changes into the store: first the deletion log, then every dirty row of every model
 * of the profile, a page at a time in transactions of several pages (the dirty bit is cleared in
 * the same transaction that stores the record, so a crash loses nothing and duplicates nothing). A row whose serialized form
 * equals the stored one gets no new version: a row rewritten with the same data (or applied from
 * the store) must not echo back to peers.
 */
export function serializeIntoStore(options: SerializeOptions): SerializeResult {
  let saved = serializeDeletions(options);
  for (const model of options.registry.inDependencyOrder(options.profile)) saved += serializeModel(options, model);
  return { saved };
}

type VersionBase = Omit<StoreRecord, 'lastSavedInstance' | 'lastSavedCounter' | 'valueStamp' | 'versions' | 'conflicting' | 'fieldStamps'>;

/**
 * A new local version of a record, saved as (this instance, `counter`) with the value stamp of the
 * edit's time `at`. `fieldStamps` (for models with a merge policy) say which save set each removal
 * field; by default the existing ones are kept.
 */
function newVersion(store: SyncStore, existing: StoreRecord | undefined, base: VersionBase, counter: number, at: number, fieldStamps?: (save: ValueStamp) => FieldStamps | undefined): StoreRecord {
  const valueStamp = { at, instance: store.instanceId, counter };
  return {
    ...base,
    lastSavedInstance: store.instanceId,
    lastSavedCounter: counter,
    valueStamp,
    versions: withSave(existing?.versions ?? {}, store.instanceId, counter),
    conflicting: base.hardDeleted ? [] : (existing?.conflicting ?? []),
    fieldStamps: base.hardDeleted ? {} : (fieldStamps?.(valueStamp) ?? existing?.fieldStamps ?? {}),
  };
}

/** When a row was edited: its `sync_edited_at` (set by the app's write path), else now (rows from before it was kept). */
function editTime(row: Record<string, unknown>, now: number): number {
  const at = row['sync_edited_at'];
  return typeof at === 'number' && Number.isSafeInteger(at) && at >= 0 ? at : now;
}

function serializeModel(options: SerializeOptions, model: SyncableModel): number {
  const { store, clock, pageSize } = options;
  let saved = 0;
  let after: string | undefined = undefined;
  inWriteBatches(store.db, () => {
    const rows = store.db.all(model.dirtyRowsQuery(after, pageSize));
    if (rows.length === 0) return 0;
    const allocate = saver(store);
    const now = clock.now();
    const changed: StoreRecord[] = [];
    for (const row of rows) {
      const partition = model.partition(row);
      const sourceId = model.sourceIdOf(row);
      const id = recordId(partition, sourceId, model.modelName);
      const data = model.serialize(row);
      const serialized = canonicalJson(data);
      const existing = store.find({ modelName: model.modelName, sourceId, partition })?.record;
      if (existing && !existing.deleted && existing.serialized === serialized) continue;
      const base = { id, profile: model.profile, modelName: model.modelName, sourceId, partition, serialized, deleted: false, hardDeleted: false };
      changed.push(newVersion(store, existing, base, allocate(), editTime(row, now), (save) => stampFields(model.mergePolicy, existing, data, save)));
      saved += 1;
    }
    store.putAll(changed, false);
    model.markInStore(rows.map((row) => model.sourceIdOf(row)));
    after = model.sourceIdOf(rows[rows.length - 1]!);
    return rows.length;
  }, options.rowsPerTransaction);
  return saved;
}

/** When a deletion was made: the log's own time, else now. */
function deletionTime(entry: Pick<SyncDeletionRow, 'deleted_at'>, now: number): number {
  const at = Date.parse(entry.deleted_at);
  return Number.isFinite(at) && at >= 0 ? at : now;
}

function serializeDeletions(options: SerializeOptions): number {
  const { store, clock, pageSize } = options;
  const db = store.db.kysely;
  const hasLog = store.db.first(db.selectFrom('sqlite_master').select('name').where('type', '=', 'table').where('name', '=', SYNC_DELETION_TABLE));
  if (!hasLog) return 0;
  let saved = 0;
  for (;;) {
    const entries = store.db.all<SyncDeletionRow>(db.selectFrom(SYNC_DELETION_TABLE).select(['id', 'model_name', 'source_id', 'dataset_id', 'kind', 'deleted_at']).orderBy('id').limit(pageSize));
    if (entries.length === 0) return saved;
    store.db.writeTransaction(() => {
      const allocate = saver(store);
      const now = clock.now();
      for (const entry of entries) {
        if (entry.kind === 'purge') {
          store.purge(entry.source_id);
          continue;
        }
        // A soft deletion lives in the row's own data, which the row carries when it is serialized.
        if (entry.kind === 'soft') continue;
        const hard = entry.kind === 'hard';
        for (const existing of store.bySource(entry.model_name, entry.source_id)) {
          if (existing.deleted && (!hard || existing.hardDeleted)) continue;
          const base = { ...existing, serialized: hard ? null : existing.serialized, deleted: true, hardDeleted: hard };
          store.put(newVersion(store, existing, base, allocate(), deletionTime(entry, now)), false);
          saved += 1;
        }
      }
      store.db.run(db.deleteFrom(SYNC_DELETION_TABLE).where('id', '<=', entries[entries.length - 1]!.id));
    });
  }
}
