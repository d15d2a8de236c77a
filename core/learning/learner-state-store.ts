import type { Clock } from '../common/clock.js';
import { createTimeOrderedIds } from '../common/time-ordered-id.js';
import { CoreError } from '../common/core-error.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import { facilityPartitions } from '../sync/model/facility-partitions.js';
import type { JsonObject } from '../sync/model/json-value.js';
import type { ApplyOutcome, IncomingRecord } from '../sync/model/syncable-model.js';
import type { StateFields, LearnerState, StateVersion } from './learner-state.js';
import type { HistorySchema, LearnerStateTable, LearnerStateVersionTable, LearningSchema } from './learning-schema.js';
import { idList } from '../db/id-list.js';
import { activityOf, checkStateKey, stateIdOf } from './state-key.js';
import type { StateWritePoint } from './state-write-point.js';

/** The default page size of `iterAll…`. */
export const DEFAULT_STATE_PAGE_SIZE = 500;

/**
 * Learner state, the Open edX user-state client done in Outpost's layers. State is keyed by
 * learner and key (`quiz:<id>/question:<n>`); each key holds a JSON object of fields. Every write
 * is a version in `history.sqlite3`. It is the only writer of the learner-state tables.
 */
export interface LearnerStateStore {
  /** Overlays the given fields on each key's stored fields (it does not replace them), one new version per key. */
  setMany(learnerId: string, updates: Readonly<Record<string, StateFields>>): void;
  /** The keys that hold state (a deleted state is absent), narrowed to `fields` when given. */
  getMany(learnerId: string, keys: readonly string[], fields?: readonly string[]): Map<string, StateFields>;
  /** Deletes the named fields of each key, or without `fields` the whole state; each is a version. Absent keys are skipped. */
  deleteMany(learnerId: string, keys: readonly string[], fields?: readonly string[]): void;
  /** Every version of one key, latest first; a deleted state is `fields: null`. NOT_FOUND if the key never held state. */
  getHistory(learnerId: string, key: string): StateVersion[];
  /** Every learner's live state under one activity (`quiz:<id>`), in pages ordered by learner then key. */
  iterAllForActivity(activity: string, options?: { readonly pageSize?: number }): Generator<readonly LearnerState[]>;
  /** Every live state of a class's learners, in pages; `keyPrefix` narrows it (e.g. `quiz:`). */
  iterAllForClass(classId: string, options?: { readonly pageSize?: number; readonly keyPrefix?: string }): Generator<readonly LearnerState[]>;
  /** Removes every state and version of these learners from both files (a hard delete or a facility purge). */
  forgetLearners(learnerIds: readonly string[]): void;
  /** Every learner holding state or history in either file. */
  learnersWithState(): string[];
  /**
   * Applies peers' current states (the engine's merge already chose each winner), in one
   * transaction. They are not dirty: the store has them. No version is written here: each version
   * arrives as a record of its own (`applyVersionsFromSync`). `inSameTransaction` gets the outcomes
   * before it commits (the sync store's marks).
   */
  applyStatesFromSync(records: readonly IncomingRecord[], inSameTransaction?: (outcomes: readonly ApplyOutcome[]) => void): readonly ApplyOutcome[];
  /** Adds peers' history versions to `history.sqlite3`; a version already there is left as it is (they never change). */
  applyVersionsFromSync(records: readonly IncomingRecord[]): readonly ApplyOutcome[];
  /** Copies any version the outbox holds but history lacks (left by a crash), and trims the outbox. */
  repair(): void;
  /** Clears the dirty mark of states that now equal their sync store records (the sync model's `markInStore`). */
  markStatesInStore(ids: readonly string[]): void;
  /**
   * Clears the dirty mark of outbox versions the sync serializer took (the sync model's
   * `markInStore`); a version copied to history too then leaves the outbox at the next trim.
   */
  markVersionsInStore(versionIds: readonly string[]): void;
}

/** What the store is built from. */
export interface LearnerStateStoreOptions {
  /** The database holding `learner_state` (default). */
  readonly db: SqliteDatabase<LearningSchema>;
  /** `history.sqlite3`. */
  readonly history: SqliteDatabase<HistorySchema>;
  readonly clock: Clock;
  readonly randomBytes: (size: number) => Uint8Array;
  /** The dataset of a learner (their facility's): the sync partition of their state. NOT_FOUND if unknown. */
  readonly datasetOf: (learnerId: string) => string | undefined;
  /** The learners of a class, for `iterAllForClass`. */
  readonly learnersOfClass: (classId: string) => readonly string[];
  /** Test hook: called at each named point of the two-file write; a throw there is a crash. */
  readonly onWritePoint?: (point: StateWritePoint) => void;
}

const MAX_KEYS = 1000;
const IN_CHUNK = 400;

function parse(fields: string | null): StateFields | null {
  return fields === null ? null : (JSON.parse(fields) as StateFields);
}

function pick(fields: StateFields, names: readonly string[] | undefined): StateFields {
  if (!names) return fields;
  const picked: Record<string, StateFields[string]> = {};
  for (const name of names) if (Object.hasOwn(fields, name)) picked[name] = fields[name]!;
  return picked;
}

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * Creates the store and repairs what a crash may have left. The two-file write: one default
 * transaction writes the state row and its version into the outbox (`learner_state_version`,
 * `copied = 0`); then the version is inserted into history (`insert or ignore` by version id); then
 * the outbox row is marked copied. A crash after the first commit leaves an uncopied version,
 * copied on the next open or write; a crash after the second leaves one copied already, which
 * `insert or ignore` does not duplicate. So no version is lost and none is doubled.
 */
export function createLearnerStateStore(options: LearnerStateStoreOptions): LearnerStateStore {
  const { db, history, clock } = options;
  const k = db.kysely;
  const h = history.kysely;
  const point = options.onWritePoint ?? (() => {});
  // Version ids in creation order: the outbox and history.sqlite3 fill at their ends (why: time-ordered-id.ts).
  const newId = createTimeOrderedIds(clock, options.randomBytes);

  const copyToHistory = (versionIds: readonly string[]) => {
    if (versionIds.length === 0) return;
    for (const ids of chunks(versionIds)) {
      const rows = db.all(k.selectFrom('learner_state_version').select(['version_id', 'state_id', 'dataset_id', 'learner_id', 'activity', 'state_key', 'fields', 'created_at']).where('version_id', 'in', ids));
      if (rows.length === 0) continue;
      history.writeTransaction(() => {
        for (const row of rows) history.run(h.insertInto('learner_state_history').values(row).onConflict((c) => c.column('version_id').doNothing()));
      });
    }
    point('after-history-commit');
    db.writeTransaction(() => {
      for (const ids of chunks(versionIds)) db.run(k.updateTable('learner_state_version').set({ copied: 1 }).where('version_id', 'in', ids));
      trim();
    });
  };

  // A copied version leaves the outbox once the sync serializer has taken it too (sync_dirty 0).
  const trim = () => db.run(k.deleteFrom('learner_state_version').where('copied', '=', 1).where('sync_dirty', '=', 0));

  // Before each write only a read (an index probe); the trim rides on the copy's own transaction.
  const copyPending = () => {
    const pending = db.all(k.selectFrom('learner_state_version').select('version_id').where('copied', '=', 0).orderBy('version_id')).map((row) => row.version_id);
    if (pending.length > 0) copyToHistory(pending);
    return pending.length;
  };

  const repair = () => {
    if (copyPending() === 0) db.writeTransaction(trim);
  };

  const current = (learnerId: string, keys: readonly string[]) => {
    const rows = new Map<string, LearnerStateTable>();
    for (const part of chunks(keys)) {
      for (const row of db.all(k.selectFrom('learner_state').selectAll().where('learner_id', '=', learnerId).where('state_key', 'in', part))) rows.set(row.state_key, row);
    }
    return rows;
  };

  const checkKeys = (keys: readonly string[]) => {
    if (keys.length > MAX_KEYS) throw new CoreError('INVALID_INPUT', `At most ${MAX_KEYS} keys at a time.`);
    for (const key of keys) checkStateKey(key);
  };

  // Writes each key's next whole state (null: deleted) with its version, then copies to history.
  const writeVersions = (learnerId: string, next: (existing: LearnerStateTable | undefined, key: string) => StateFields | null | undefined, keys: readonly string[]) => {
    checkKeys(keys);
    const datasetId = options.datasetOf(learnerId);
    if (datasetId === undefined) throw new CoreError('NOT_FOUND', `No learner with id "${learnerId}".`);
    copyPending();
    const now = clock.now();
    const written: string[] = [];
    db.writeTransaction(() => {
      const existing = current(learnerId, keys);
      for (const key of keys) {
        const before = existing.get(key);
        const fields = next(before, key);
        if (fields === undefined) continue;
        const versionId = newId();
        const id = stateIdOf(learnerId, key);
        const json = fields === null ? null : JSON.stringify(fields);
        const version: LearnerStateVersionTable = {
          version_id: versionId,
          state_id: id,
          dataset_id: datasetId,
          learner_id: learnerId,
          activity: activityOf(key),
          state_key: key,
          fields: json,
          created_at: now,
          copied: 0,
          sync_dirty: 1,
          sync_edited_at: now,
        };
        db.run(k.insertInto('learner_state_version').values(version));
        const row = { fields: json, version_id: versionId, modified_at: now, sync_dirty: 1, sync_edited_at: now };
        if (before) db.run(k.updateTable('learner_state').set(row).where('id', '=', id));
        else db.run(k.insertInto('learner_state').values({ id, dataset_id: datasetId, learner_id: learnerId, activity: version.activity, state_key: key, ...row }));
        written.push(versionId);
      }
    });
    point('after-state-commit');
    copyToHistory(written);
  };

  function* walk(select: (after: { learnerId: string; key: string } | undefined, limit: number) => LearnerStateTable[], pageSize: number): Generator<readonly LearnerState[]> {
    let after: { learnerId: string; key: string } | undefined;
    for (;;) {
      const rows = select(after, pageSize);
      if (rows.length === 0) return;
      const page = rows.filter((row) => row.fields !== null).map((row) => Object.freeze({ learnerId: row.learner_id, key: row.state_key, fields: parse(row.fields)!, modifiedAt: row.modified_at }));
      if (page.length > 0) yield page;
      const last = rows[rows.length - 1]!;
      after = { learnerId: last.learner_id, key: last.state_key };
      if (rows.length < pageSize) return;
    }
  }

  repair();

  const service: LearnerStateStore = {
    setMany(learnerId, updates) {
      const keys = Object.keys(updates);
      writeVersions(learnerId, (before, key) => {
        const stored = before ? parse(before.fields) : null;
        return { ...(stored ?? {}), ...updates[key]! };
      }, keys);
    },

    getMany(learnerId, keys, fields) {
      checkKeys(keys);
      const result = new Map<string, StateFields>();
      for (const [key, row] of current(learnerId, keys)) {
        const stored = parse(row.fields);
        if (stored !== null) result.set(key, pick(stored, fields));
      }
      return result;
    },

    deleteMany(learnerId, keys, fields) {
      writeVersions(learnerId, (before) => {
        const stored = before ? parse(before.fields) : null;
        if (stored === null) return undefined;
        if (!fields) return null;
        if (!fields.some((name) => Object.hasOwn(stored, name))) return undefined;
        const kept: Record<string, StateFields[string]> = {};
        for (const [name, value] of Object.entries(stored)) if (!fields.includes(name)) kept[name] = value;
        return kept;
      }, keys);
    },

    getHistory(learnerId, key) {
      checkStateKey(key);
      const rows = history.all(
        h.selectFrom('learner_state_history').select(['version_id', 'fields', 'created_at']).where('state_id', '=', stateIdOf(learnerId, key)).orderBy('created_at', 'desc').orderBy(sqlRowid, 'desc'),
      );
      if (rows.length === 0) throw new CoreError('NOT_FOUND', `No state for key "${key}".`);
      return rows.map((row) => Object.freeze({ versionId: row.version_id, fields: parse(row.fields), createdAt: row.created_at }));
    },

    iterAllForActivity(activity, { pageSize = DEFAULT_STATE_PAGE_SIZE } = {}) {
      return walk((after, limit) => {
        let query = k.selectFrom('learner_state').selectAll().where('activity', '=', activity);
        if (after) query = query.where((eb) => eb.or([eb('learner_id', '>', after.learnerId), eb.and([eb('learner_id', '=', after.learnerId), eb('state_key', '>', after.key)])]));
        return db.all(query.orderBy('learner_id').orderBy('state_key').limit(limit));
      }, pageSize);
    },

    iterAllForClass(classId, { pageSize = DEFAULT_STATE_PAGE_SIZE, keyPrefix } = {}) {
      const learners = [...options.learnersOfClass(classId)].sort();
      const select = (after: { learnerId: string; key: string } | undefined, limit: number) => {
        const rows: LearnerStateTable[] = [];
        for (const part of chunks(learners.filter((id) => !after || id >= after.learnerId))) {
          let query = k.selectFrom('learner_state').selectAll().where('learner_id', 'in', part);
          if (keyPrefix) query = query.where('state_key', '>=', keyPrefix).where('state_key', '<', `${keyPrefix}\uffff`);
          if (after) query = query.where((eb) => eb.or([eb('learner_id', '>', after.learnerId), eb.and([eb('learner_id', '=', after.learnerId), eb('state_key', '>', after.key)])]));
          rows.push(...db.all(query.orderBy('learner_id').orderBy('state_key').limit(limit - rows.length)));
          if (rows.length >= limit) break;
        }
        return rows;
      };
      return walk(select, pageSize);
    },

    forgetLearners(learnerIds) {
      if (learnerIds.length === 0) return;
      // History first: if the process dies in between, the learner's rows left in default are
      // found by the start-up check (`LearningService.forgetDeparted`), which asks the facility.
      history.writeTransaction(() => {
        for (const ids of chunks(learnerIds)) history.run(h.deleteFrom('learner_state_history').where('learner_id', 'in', ids));
      });
      point('after-history-forget');
      db.writeTransaction(() => {
        for (const ids of chunks(learnerIds)) {
          db.run(k.deleteFrom('learner_state_version').where('learner_id', 'in', ids));
          db.run(k.deleteFrom('learner_state').where('learner_id', 'in', ids));
        }
      });
    },

    applyStatesFromSync(records, inSameTransaction) {
      return db.writeTransaction(() => {
        const outcomes = records.map((record): ApplyOutcome => {
          if (record.deleted || record.data === null) {
            db.run(k.deleteFrom('learner_state').where('id', '=', record.sourceId));
            return { ok: true };
          }
          const row = stateRowOf(record.data);
          if (!row || row.id !== record.sourceId || !inOwnPartition(record, row)) return { ok: false, error: 'not a learner state record of its partition' };
          const { id, ...rest } = row;
          db.run(k.insertInto('learner_state').values({ ...row, sync_dirty: 0, sync_edited_at: row.modified_at }).onConflict((c) => c.column('id').doUpdateSet({ ...rest, sync_edited_at: row.modified_at })));
          void id;
          return { ok: true };
        });
        inSameTransaction?.(outcomes);
        return outcomes;
      });
    },

    applyVersionsFromSync(records) {
      return history.writeTransaction(() =>
        records.map((record): ApplyOutcome => {
          if (record.deleted || record.data === null) {
            history.run(h.deleteFrom('learner_state_history').where('version_id', '=', record.sourceId));
            return { ok: true };
          }
          const row = versionRowOf(record.data);
          if (!row || row.version_id !== record.sourceId || !inOwnPartition(record, row)) return { ok: false, error: 'not a learner state version record of its partition' };
          history.run(h.insertInto('learner_state_history').values(row).onConflict((c) => c.column('version_id').doNothing()));
          return { ok: true };
        }),
      );
    },

    learnersWithState() {
      const ids = new Set(db.all(k.selectFrom('learner_state').select('learner_id').distinct()).map((row) => row.learner_id));
      for (const row of db.all(k.selectFrom('learner_state_version').select('learner_id').distinct())) ids.add(row.learner_id);
      for (const row of history.all(h.selectFrom('learner_state_history').select('learner_id').distinct())) ids.add(row.learner_id);
      return [...ids];
    },

    repair,

    // Only rows still marked are rewritten: a state applied from a peer is inserted clean.
    markStatesInStore(ids) {
      if (ids.length > 0) db.run(k.updateTable('learner_state').set({ sync_dirty: 0 }).where('id', 'in', idList(ids)).where('sync_dirty', '=', 1));
    },
    markVersionsInStore(versionIds) {
      if (versionIds.length > 0) db.run(k.updateTable('learner_state_version').set({ sync_dirty: 0 }).where('version_id', 'in', idList(versionIds)).where('sync_dirty', '=', 1));
    },
  };
  return Object.freeze(service);
}

const text = (value: unknown): value is string => typeof value === 'string';
const int = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);
const textOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';

// The certificate checks cover the partition; this makes sure the row inside is the partition's learner's.
function inOwnPartition(record: IncomingRecord, row: { readonly dataset_id: string; readonly learner_id: string }): boolean {
  return record.partition === facilityPartitions.userReadWrite(row.dataset_id, row.learner_id);
}

// A peer's record is untrusted: only a complete, well-typed row is applied.
function stateRowOf(data: JsonObject): Omit<LearnerStateTable, 'sync_dirty' | 'sync_edited_at'> | undefined {
  const { id, dataset_id, learner_id, activity, state_key, fields, version_id, modified_at } = data;
  if (!text(id) || !text(dataset_id) || !text(learner_id) || !text(activity) || !text(state_key) || !textOrNull(fields) || !text(version_id) || !int(modified_at)) return undefined;
  if (id !== stateIdOf(learner_id, state_key)) return undefined;
  return { id, dataset_id, learner_id, activity, state_key, fields, version_id, modified_at };
}

function versionRowOf(data: JsonObject): HistorySchema['learner_state_history'] | undefined {
  const { version_id, state_id, dataset_id, learner_id, activity, state_key, fields, created_at } = data;
  if (!text(version_id) || !text(state_id) || !text(dataset_id) || !text(learner_id) || !text(activity) || !text(state_key) || !textOrNull(fields) || !int(created_at)) return undefined;
  if (state_id !== stateIdOf(learner_id, state_key)) return undefined;
  return { version_id, state_id, dataset_id, learner_id, activity, state_key, fields, created_at };
}

// Versions written in the same millisecond keep their local insertion order.
const sqlRowid = 'rowid' as 'created_at';
