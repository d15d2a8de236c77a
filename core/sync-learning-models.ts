import type { LearningService } from './learning/index.js';
import { facilityPartitions } from './sync/model/facility-partitions.js';
import type { JsonObject } from './sync/model/json-value.js';
import type { ModelRegistry } from './sync/model/model-registry.js';
import { FACILITY_DATA_PROFILE } from './sync/model/sync-profile.js';
import type { ModelReference, SyncableModel } from './sync/model/syncable-model.js';

type Row = Record<string, unknown>;

/** A row as it travels: every column but device-local bookkeeping (`sync_*`, the outbox's `copied`). */
function serialize(row: Row): JsonObject {
  const data: Record<string, string | number | null> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith('sync_') || column === 'copied') continue;
    data[column] = value === null || typeof value === 'number' ? value : String(value);
  }
  return data;
}

const learner = (data: JsonObject): ModelReference[] => (typeof data['learner_id'] === 'string' ? [{ modelName: 'facilityuser', sourceId: data['learner_id'] }] : []);
const ownPartition = (row: Row) => facilityPartitions.userReadWrite(String(row['dataset_id']), String(row['learner_id']));

/**
 * Registers the learning tables as models of `facilitydata`:
 * - `quiz` in `{dataset}:allusers-ro`: every device of the facility reads it, so a learner's
 *   learn-only tablet (single-user scope) receives the quizzes of its learner's classes;
 * - `learnerstate` (the current value) and `learnerstateversion` (each history version, a record
 *   of its own that never changes) in `{dataset}:user-rw:{learner}`, the one partition the
 *   learner's own tablet may write, and no other learner's device reads.
 * Concurrent answers: both versions reach history; the current state is the engine's winner, the
 * later edit (`sync_edited_at`, the answer's own time) whole.
 */
export function registerLearningModels(registry: ModelRegistry, learning: Pick<LearningService, 'state' | 'quizRepository'>): void {
  const models: SyncableModel[] = [
    {
      profile: FACILITY_DATA_PROFILE,
      modelName: 'quiz',
      table: 'quiz',
      primaryKey: 'id',
      dependsOn: ['classroom'],
      partition: (row) => facilityPartitions.allUsersReadOnly(String(row['dataset_id'])),
      serialize,
      references: (data) => (typeof data['classroom_id'] === 'string' ? [{ modelName: 'classroom', sourceId: data['classroom_id'] }] : []),
      apply: (records) => learning.quizRepository.applyFromSync(records),
    },
    {
      profile: FACILITY_DATA_PROFILE,
      modelName: 'learnerstate',
      table: 'learner_state',
      primaryKey: 'id',
      dependsOn: ['facilityuser'],
      partition: ownPartition,
      serialize,
      references: learner,
      apply: (records) => learning.state.applyStatesFromSync(records),
    },
    {
      profile: FACILITY_DATA_PROFILE,
      modelName: 'learnerstateversion',
      table: 'learner_state_version',
      primaryKey: 'version_id',
      dependsOn: ['facilityuser'],
      partition: ownPartition,
      serialize,
      references: learner,
      apply: (records) => learning.state.applyVersionsFromSync(records),
    },
  ];
  for (const model of models) registry.register(model);
}
