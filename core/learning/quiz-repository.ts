import { CoreError } from '../common/core-error.js';
import { idList } from '../db/id-list.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { JsonObject } from '../sync/model/json-value.js';
import type { ApplyOutcome, IncomingRecord } from '../sync/model/syncable-model.js';
import type { LearningSchema, QuizTable } from './learning-schema.js';
import type { QuizQuestion, QuizRecord, QuizStatus } from './quiz-records.js';

/** The only writer of the quiz table; also its reads. */
export interface QuizRepository {
  insert(row: Omit<QuizTable, 'sync_dirty' | 'sync_edited_at'>): QuizRecord;
  /** Updates a quiz as a local edit (marked dirty for sync). */
  update(id: string, changes: Partial<Pick<QuizTable, 'title' | 'questions' | 'status'>>, now: number): QuizRecord;
  get(id: string): QuizRecord | undefined;
  /** The quiz or NOT_FOUND. */
  require(id: string): QuizRecord;
  listForClass(classId: string): QuizRecord[];
  /** Quizzes in these statuses of every class the learner is a learner of. */
  listForLearner(learnerId: string, statuses: readonly QuizStatus[]): QuizRecord[];
  /** Whether the learner is a learner of the class. */
  isLearnerOf(learnerId: string, classId: string): boolean;
  /** Deletes the quizzes whose class is gone (a facility purge). */
  forgetOrphans(): void;
  /** Clears the dirty mark of quizzes that now equal their sync store records (the sync model's `markInStore`). */
  markInStore(ids: readonly string[]): void;
  /**
   * Applies peers' quiz records in one transaction (not dirty: the store has them); deleted ones
   * go. `inSameTransaction` gets the outcomes before it commits (the sync store's marks).
   */
  applyFromSync(records: readonly IncomingRecord[], inSameTransaction?: (outcomes: readonly ApplyOutcome[]) => void): readonly ApplyOutcome[];
}

const STATUSES: readonly string[] = ['draft', 'assigned', 'closed'];

// A peer's record is untrusted: only a complete, well-typed row is applied.
function quizRowOf(data: JsonObject): Omit<QuizTable, 'sync_dirty' | 'sync_edited_at'> | undefined {
  const { id, dataset_id, facility_id, classroom_id, title, questions, status, created_by, created_at, updated_at } = data;
  const texts = [id, dataset_id, facility_id, classroom_id, title, questions, created_by];
  if (!texts.every((value) => typeof value === 'string') || typeof status !== 'string' || !STATUSES.includes(status)) return undefined;
  if (!Number.isSafeInteger(created_at) || !Number.isSafeInteger(updated_at)) return undefined;
  try {
    if (!Array.isArray(JSON.parse(questions as string))) return undefined;
  } catch {
    return undefined;
  }
  return {
    id: id as string,
    dataset_id: dataset_id as string,
    facility_id: facility_id as string,
    classroom_id: classroom_id as string,
    title: title as string,
    questions: questions as string,
    status: status as QuizTable['status'],
    created_by: created_by as string,
    created_at: created_at as number,
    updated_at: updated_at as number,
  };
}

function toRecord(row: QuizTable): QuizRecord {
  return Object.freeze({
    id: row.id,
    facilityId: row.facility_id,
    classId: row.classroom_id,
    title: row.title,
    status: row.status,
    questions: JSON.parse(row.questions) as QuizQuestion[],
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  });
}

/** Creates the quiz repository over `default.sqlite3`. */
export function createQuizRepository(db: SqliteDatabase<LearningSchema>): QuizRepository {
  const k = db.kysely;
  const get = (id: string) => {
    const row = db.first(k.selectFrom('quiz').selectAll().where('id', '=', id));
    return row && toRecord(row);
  };
  const service: QuizRepository = {
    insert(row) {
      db.run(k.insertInto('quiz').values({ ...row, sync_dirty: 1, sync_edited_at: row.updated_at }));
      return get(row.id)!;
    },
    update(id, changes, now) {
      db.run(k.updateTable('quiz').set({ ...changes, updated_at: now, sync_dirty: 1, sync_edited_at: now }).where('id', '=', id));
      return get(id)!;
    },
    get,
    require(id) {
      const quiz = get(id);
      if (!quiz) throw new CoreError('NOT_FOUND', `No quiz with id "${id}".`);
      return quiz;
    },
    listForClass(classId) {
      return db.all(k.selectFrom('quiz').selectAll().where('classroom_id', '=', classId).orderBy('created_at').orderBy('id')).map(toRecord);
    },
    listForLearner(learnerId, statuses) {
      const classes = k.selectFrom('membership').select('classroom_id').where('user_id', '=', learnerId).where('learner_group_id', 'is', null);
      return db
        .all(k.selectFrom('quiz').selectAll().where('classroom_id', 'in', classes).where('status', 'in', [...statuses]).orderBy('created_at').orderBy('id'))
        .map(toRecord);
    },
    isLearnerOf(learnerId, classId) {
      return !!db.first(k.selectFrom('membership').select('user_id').where('user_id', '=', learnerId).where('classroom_id', '=', classId).where('learner_group_id', 'is', null).limit(1));
    },
    forgetOrphans() {
      db.run(k.deleteFrom('quiz').where('classroom_id', 'not in', k.selectFrom('classroom').select('id')));
    },
    markInStore(ids) {
      if (ids.length > 0) db.run(k.updateTable('quiz').set({ sync_dirty: 0 }).where('id', 'in', idList(ids)).where('sync_dirty', '=', 1));
    },
    applyFromSync(records, inSameTransaction) {
      return db.writeTransaction(() => {
        const outcomes = records.map((record): ApplyOutcome => {
          if (record.deleted || record.data === null) {
            db.run(k.deleteFrom('quiz').where('id', '=', record.sourceId));
            return { ok: true };
          }
          const row = quizRowOf(record.data);
          if (!row || row.id !== record.sourceId) return { ok: false, error: 'not a quiz record' };
          db.run(k.insertInto('quiz').values({ ...row, sync_dirty: 0, sync_edited_at: row.updated_at }).onConflict((c) => c.column('id').doUpdateSet({ ...row, sync_edited_at: row.updated_at })));
          return { ok: true };
        });
        inSameTransaction?.(outcomes);
        return outcomes;
      });
    },
  };
  return Object.freeze(service);
}
