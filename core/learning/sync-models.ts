import type { SqliteDatabase } from '../db/sqlite-database.js';
import { facilityPartitions } from '../sync/model/facility-partitions.js';
import type { JsonObject } from '../sync/model/json-value.js';
import { allowListSerializer, syncedTable } from '../sync/model/synced-table.js';
import { FACILITY_DATA_PROFILE } from '../sync/model/sync-profile.js';
import type { ModelReference, SyncableModel } from '../sync/model/syncable-model.js';
import type { LearnerStateStore } from './learner-state-store.js';
import type { LearningSchema } from './learning-schema.js';
import type { QuizRepository } from './quiz-repository.js';

type Row = Record<string, unknown>;

const learner = (data: JsonObject): ModelReference[] => (typeof data['learner_id'] === 'string' ? [{ modelName: 'facilityuser', sourceId: data['learner_id'] }] : []);
const ownPartition = (row: Row) => facilityPartitions.userReadWrite(String(row['dataset_id']), String(row['learner_id']));

/**
 * The learning tables as models of `facilitydata`, described by the domain that owns them:
 * - `quiz` in `{dataset}:allusers-ro`: every device of the facility reads it, so a learner's
 *   learn-only tablet (single-user scope) receives the quizzes of its learner's classes;
 * - `learnerstate` (the current value) and `learnerstateversion` (each history version, a record
 *   of its own that never changes) in `{dataset}:user-rw:{learner}`, the one partition the
 *   learner's own tablet may write, and no other learner's device reads.
 * Concurrent answers: both versions reach history; the current state is the engine's winner, the
 * later edit (`sync_edited_at`, the answer's own time) whole.
 */
export function createLearningSyncModels(db: SqliteDatabase<LearningSchema>, learning: { readonly state: LearnerStateStore; readonly quizRepository: QuizRepository }): readonly SyncableModel[] {
  return Object.freeze([
    {
      profile: FACILITY_DATA_PROFILE,
      modelName: 'quiz',
      ...syncedTable<Row, LearningSchema>(db, 'quiz', 'id'),
      markInStore: (ids) => learning.quizRepository.markInStore(ids),
      dependsOn: ['classroom'],
      partition: (row) => facilityPartitions.allUsersReadOnly(String(row['dataset_id'])),
      serialize: allowListSerializer(['id', 'dataset_id', 'facility_id', 'classroom_id', 'title', 'questions', 'status', 'created_by', 'created_at', 'updated_at']),
      references: (data) => (typeof data['classroom_id'] === 'string' ? [{ modelName: 'classroom', sourceId: data['classroom_id'] }] : []),
      apply: (records, settle) => learning.quizRepository.applyFromSync(records, settle),
    },
    {
      profile: FACILITY_DATA_PROFILE,
      modelName: 'learnerstate',
      ...syncedTable<Row, LearningSchema>(db, 'learner_state', 'id'),
      markInStore: (ids) => learning.state.markStatesInStore(ids),
      dependsOn: ['facilityuser'],
      partition: ownPartition,
      serialize: allowListSerializer(['id', 'dataset_id', 'learner_id', 'activity', 'state_key', 'fields', 'version_id', 'modified_at']),
      references: learner,
      apply: (records, settle) => learning.state.applyStatesFromSync(records, settle),
    },
    {
      profile: FACILITY_DATA_PROFILE,
      modelName: 'learnerstateversion',
      ...syncedTable<Row, LearningSchema>(db, 'learner_state_version', 'version_id'),
      markInStore: (ids) => learning.state.markVersionsInStore(ids),
      dependsOn: ['facilityuser'],
      partition: ownPartition,
      serialize: allowListSerializer(['version_id', 'state_id', 'dataset_id', 'learner_id', 'activity', 'state_key', 'fields', 'created_at']),
      references: learner,
      // In history.sqlite3, not the store's file: the engine settles right after the commit.
      apply: (records) => learning.state.applyVersionsFromSync(records),
    },
  ] satisfies SyncableModel[]);
}
