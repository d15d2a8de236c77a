import { CoreError } from '../common/core-error.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
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
  /** Writes a quiz row applied from a peer (not dirty: the store has it), or deletes it. */
  applyFromSync(row: QuizTable | null, id: string): void;
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
    applyFromSync(row, id) {
      if (row === null) db.run(k.deleteFrom('quiz').where('id', '=', id));
      else db.run(k.insertInto('quiz').values({ ...row, sync_dirty: 0 }).onConflict((c) => c.column('id').doUpdateSet({ ...row })));
    },
  };
  return Object.freeze(service);
}
