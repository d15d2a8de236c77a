import type { FacilityModelName, FacilitySyncWrites } from './facility/index.js';
import { registerLearningModels } from './sync-learning-models.js';
import { facilityPartitions } from './sync/model/facility-partitions.js';
import type { JsonObject } from './sync/model/json-value.js';
import { createModelRegistry, type ModelRegistry } from './sync/model/model-registry.js';
import { FACILITY_DATA_PROFILE } from './sync/model/sync-profile.js';
import type { MergePolicy, ModelReference, SyncableModel } from './sync/model/syncable-model.js';

type Row = Record<string, unknown>;

/** How one facility table syncs: its model name, partition, parents and references. */
interface FacilityModelSpec {
  readonly modelName: FacilityModelName;
  readonly table: string;
  readonly dependsOn: readonly FacilityModelName[];
  readonly partition: (row: Row) => string;
  readonly references: (data: JsonObject) => readonly ModelReference[];
  readonly mergePolicy?: MergePolicy;
}

const text = (value: unknown): string => String(value);
const ref = (modelName: FacilityModelName, sourceId: unknown): ModelReference[] => (typeof sourceId === 'string' ? [{ modelName, sourceId }] : []);

// Kolibri's partitions: what every user of the facility reads (the facility, its classes and
// groups) is `allusers-ro`; a user, their roles and memberships are `user-ro` of that user, so a
// learner's device receives them and nobody else's.
const specs: readonly FacilityModelSpec[] = [
  {
    modelName: 'facilitydataset',
    table: 'facility_dataset',
    dependsOn: [],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['id'])),
    references: () => [],
  },
  {
    modelName: 'facility',
    table: 'facility',
    dependsOn: ['facilitydataset'],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['dataset_id'])),
    references: (data) => ref('facilitydataset', data['dataset_id']),
  },
  {
    modelName: 'facilityuser',
    table: 'facility_user',
    dependsOn: ['facility'],
    partition: (row) => facilityPartitions.userReadOnly(text(row['dataset_id']), text(row['id'])),
    references: (data) => ref('facility', data['facility_id']),
    // A removal sticks: it beats a concurrent edit that had not seen it, whose other fields are
    // kept; a restore made after seeing the removal wins (issue 13). The only removal that is row
    // data in the facility domain; the others delete rows, which the store's deletion flag
    // already makes sticky.
    mergePolicy: { removalFields: ['date_deleted'] },
  },
  {
    modelName: 'classroom',
    table: 'classroom',
    dependsOn: ['facility'],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['dataset_id'])),
    references: (data) => ref('facility', data['facility_id']),
  },
  {
    modelName: 'learnergroup',
    table: 'learner_group',
    dependsOn: ['classroom'],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['dataset_id'])),
    references: (data) => ref('classroom', data['classroom_id']),
  },
  {
    modelName: 'role',
    table: 'role',
    dependsOn: ['facilityuser', 'classroom'],
    partition: (row) => facilityPartitions.userReadOnly(text(row['dataset_id']), text(row['user_id'])),
    references: (data) => [...ref('facilityuser', data['user_id']), ...ref('classroom', data['classroom_id'])],
  },
  {
    modelName: 'membership',
    table: 'membership',
    dependsOn: ['facilityuser', 'classroom', 'learnergroup'],
    partition: (row) => facilityPartitions.userReadOnly(text(row['dataset_id']), text(row['user_id'])),
    references: (data) => [...ref('facilityuser', data['user_id']), ...ref('classroom', data['classroom_id']), ...ref('learnergroup', data['learner_group_id'])],
  },
];

/** A row as it travels: every column but the device-local sync bookkeeping (`sync_dirty`, `sync_edited_at`). */
function serialize(row: Row): JsonObject {
  const data: Record<string, string | number | null> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith('sync_')) continue;
    data[column] = value === null || typeof value === 'number' ? value : String(value);
  }
  return data;
}

/**
 * Registers the facility tables as syncable models of `facilitydata`. The composition root calls
 * it: the sync engine never imports the facility domain, and the facility domain never imports
 * the engine. Records from peers are applied through `FacilitySyncWrites.applyFromSync`, so through the
 * repositories: a user deleted by sync is signed out like any other.
 */
export function registerFacilityModels(registry: ModelRegistry, facility: FacilitySyncWrites): void {
  for (const spec of specs) {
    const model: SyncableModel = {
      profile: FACILITY_DATA_PROFILE,
      modelName: spec.modelName,
      table: spec.table,
      primaryKey: 'id',
      dependsOn: spec.dependsOn,
      partition: spec.partition,
      serialize,
      references: spec.references,
      ...(spec.mergePolicy ? { mergePolicy: spec.mergePolicy } : {}),
      apply: (records) => facility.applyFromSync(spec.modelName, records),
      applyChosen: (data, inSameTransaction) => facility.applyChosenValue(spec.modelName, data, inSameTransaction),
    };
    registry.register(model);
  }
}

/** What applying synced records needs of the app's domains: each registers its syncable models from it. */
export interface SyncedDomains {
  readonly facility: { readonly syncWrites: FacilitySyncWrites };
  readonly learning: Parameters<typeof registerLearningModels>[1];
}

/**
 * The model registry of a core, built the same way on the main thread and in the sync worker (each
 * over its own connection): a model registered here is registered in both. A domain with
 * syncable models adds one line.
 */
export function createCoreModelRegistry(domains: SyncedDomains): ModelRegistry {
  const registry = createModelRegistry();
  registerFacilityModels(registry, domains.facility.syncWrites);
  registerLearningModels(registry, domains.learning);
  return registry;
}
