import type { Kysely } from 'kysely';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { TableMigration } from '../../db/table-migration.js';
import { syncedTable } from '../model/synced-table.js';
import type { ModelRegistry } from '../model/model-registry.js';
import type { ApplyOutcome, IncomingRecord, SyncableModel } from '../model/syncable-model.js';

/** The profile of the test models. */
export const TEST_PROFILE = 'facilitydata';

/** A note: the test stand-in for a syncable app row. Its partition is a column, so a test can put it anywhere. */
export interface TestNote {
  readonly id: string;
  readonly part: string;
  readonly body: string;
}

/** A comment on a note: a child row, to test "parent deleted → child deleted". */
export interface TestComment {
  readonly id: string;
  readonly note_id: string;
  readonly part: string;
  readonly body: string;
}

interface TestSchema {
  test_note: TestNote & { sync_dirty: number };
  test_comment: TestComment & { sync_dirty: number };
  sync_deletion: { id?: number; model_name: string; source_id: string; dataset_id: string; kind: string; deleted_at: string };
}

/** The test tables, and a deletion log shaped like the facility domain's. */
export const testModelMigrations: readonly TableMigration[] = Object.freeze([
  {
    name: '0100-test-models',
    tables: ['test_note', 'test_comment', 'sync_deletion'],
    relations: [['test_comment', 'test_note']],
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('test_note')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('part', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('sync_dirty', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createTable('test_comment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('note_id', 'text', (c) => c.notNull().references('test_note.id'))
        .addColumn('part', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('sync_dirty', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createTable('sync_deletion')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('model_name', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('dataset_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
]);

/** What a test device can do to its notes: the "repository", which keeps sync bookkeeping like the real ones. */
export interface TestNotes {
  put(note: TestNote): void;
  putComment(comment: TestComment): void;
  /** Removes a note (and its comments); `hard` wipes it everywhere. */
  remove(id: string, kind?: 'deleted' | 'hard'): void;
  get(id: string): TestNote | undefined;
  all(): readonly TestNote[];
  comments(): readonly TestComment[];
  /** Every note and comment, sorted: what two converged devices must agree on. */
  snapshot(): { notes: readonly TestNote[]; comments: readonly TestComment[] };
}

function datasetOf(part: string): string {
  return part.split(':')[0]!;
}

/** Creates the note repository of one test device. */
export function createTestNotes(db: SqliteDatabase<any>): TestNotes {
  const k = db.kysely as Kysely<TestSchema>;
  const logDeletion = (model: string, id: string, part: string, kind: string) =>
    db.run(k.insertInto('sync_deletion').values({ model_name: model, source_id: id, dataset_id: datasetOf(part), kind, deleted_at: new Date(0).toISOString() }));
  const notes: TestNotes = {
    put(note) {
      db.run(k.insertInto('test_note').values({ ...note, sync_dirty: 1 }).onConflict((c) => c.column('id').doUpdateSet({ body: note.body, sync_dirty: 1 })));
    },
    putComment(comment) {
      db.run(k.insertInto('test_comment').values({ ...comment, sync_dirty: 1 }).onConflict((c) => c.column('id').doUpdateSet({ body: comment.body, sync_dirty: 1 })));
    },
    remove(id, kind = 'deleted') {
      db.writeTransaction(() => {
        const note = notes.get(id);
        if (!note) return;
        for (const comment of db.all(k.selectFrom('test_comment').selectAll().where('note_id', '=', id))) {
          logDeletion('testcomment', comment.id, comment.part, kind);
          db.run(k.deleteFrom('test_comment').where('id', '=', comment.id));
        }
        logDeletion('testnote', id, note.part, kind);
        db.run(k.deleteFrom('test_note').where('id', '=', id));
      });
    },
    get(id) {
      return db.first(k.selectFrom('test_note').select(['id', 'part', 'body']).where('id', '=', id));
    },
    all() {
      return db.all(k.selectFrom('test_note').select(['id', 'part', 'body']).orderBy('id'));
    },
    comments() {
      return db.all(k.selectFrom('test_comment').select(['id', 'note_id', 'part', 'body']).orderBy('id'));
    },
    snapshot() {
      return { notes: notes.all(), comments: notes.comments() };
    },
  };
  return Object.freeze(notes);
}

/** Applies incoming notes the way a repository's apply-from-sync does: no dirty bit, no deletion log. */
function applyNotes(db: SqliteDatabase<any>, records: readonly IncomingRecord[], reject?: (record: IncomingRecord) => string | undefined): ApplyOutcome[] {
  const k = db.kysely as Kysely<TestSchema>;
  return records.map((record) => {
    const refusal = reject?.(record);
    if (refusal) return { ok: false, error: refusal };
    db.writeTransaction(() => {
      if (record.deleted || record.data === null) {
        db.run(k.deleteFrom('test_comment').where('note_id', '=', record.sourceId));
        db.run(k.deleteFrom('test_note').where('id', '=', record.sourceId));
        return;
      }
      const row = { id: record.sourceId, part: String(record.data['part']), body: String(record.data['body']), sync_dirty: 0 };
      db.run(k.insertInto('test_note').values(row).onConflict((c) => c.column('id').doUpdateSet({ body: row.body, sync_dirty: 0 })));
    });
    return { ok: true };
  });
}

function applyComments(db: SqliteDatabase<any>, records: readonly IncomingRecord[]): ApplyOutcome[] {
  const k = db.kysely as Kysely<TestSchema>;
  return records.map((record) => {
    try {
      db.writeTransaction(() => {
        if (record.deleted || record.data === null) {
          db.run(k.deleteFrom('test_comment').where('id', '=', record.sourceId));
          return;
        }
        const row = { id: record.sourceId, note_id: String(record.data['note_id']), part: String(record.data['part']), body: String(record.data['body']), sync_dirty: 0 };
        db.run(k.insertInto('test_comment').values(row).onConflict((c) => c.column('id').doUpdateSet({ body: row.body, sync_dirty: 0 })));
      });
      return { ok: true };
    } catch (error) {
      // A comment whose note has not arrived breaks the foreign key: refused, retried next sync.
      return { ok: false, error: (error as Error).message };
    }
  });
}

/** Options of the test models. */
export interface TestModelOptions {
  /** Refuses some notes on apply, to test validation failures. */
  readonly rejectNote?: (record: IncomingRecord) => string | undefined;
}

/** Clears the dirty mark of a test table's rows, as a repository's `markInStore` does. */
function markInStore(db: SqliteDatabase<any>, table: 'test_note' | 'test_comment', ids: readonly string[]): void {
  if (ids.length > 0) db.handle.prepare(`update ${table} set sync_dirty = 0 where id in (select value from json_each(?)) and sync_dirty = 1`).run(JSON.stringify(ids));
}

/** Registers the note and comment models on a device's registry. */
export function registerTestModels(registry: ModelRegistry, db: SqliteDatabase<any>, options: TestModelOptions = {}): void {
  const note: SyncableModel<TestNote & Record<string, unknown>> = {
    profile: TEST_PROFILE,
    modelName: 'testnote',
    ...syncedTable<TestNote & Record<string, unknown>>(db, 'test_note', 'id'),
    markInStore: (ids) => markInStore(db, 'test_note', ids),
    dependsOn: [],
    partition: (row) => row.part,
    serialize: (row) => ({ id: row.id, part: row.part, body: row.body }),
    apply: (records) => applyNotes(db, records, options.rejectNote),
  };
  const comment: SyncableModel<TestComment & Record<string, unknown>> = {
    profile: TEST_PROFILE,
    modelName: 'testcomment',
    ...syncedTable<TestComment & Record<string, unknown>>(db, 'test_comment', 'id'),
    markInStore: (ids) => markInStore(db, 'test_comment', ids),
    dependsOn: ['testnote'],
    partition: (row) => row.part,
    serialize: (row) => ({ id: row.id, note_id: row.note_id, part: row.part, body: row.body }),
    references: (data) => [{ modelName: 'testnote', sourceId: String(data['note_id']) }],
    apply: (records) => applyComments(db, records),
  };
  registry.register(note);
  registry.register(comment);
}
