import type { SqliteDatabase } from '../db/sqlite-database.js';
import { facilityPartitions } from '../sync/model/facility-partitions.js';
import type { JsonObject } from '../sync/model/json-value.js';
import { allowListSerializer, syncedTable } from '../sync/model/synced-table.js';
import { FACILITY_DATA_PROFILE } from '../sync/model/sync-profile.js';
import type { MergePolicy, ModelReference, SyncableModel } from '../sync/model/syncable-model.js';
import type { FacilitySchema } from './facility-schema.js';
import type { FacilitySyncWrites } from './facility-sync-writes.js';
import { markInStore, syncModelNames, type FacilityModelName, type SyncableTable } from './sync-bookkeeping.js';
import { serializedFields } from './sync-record-schemas.js';

type Row = Record<string, unknown>;

/** How one facility table syncs, besides its fields (`sync-record-schemas.ts`): parents, partition, references. */
interface FacilityModelSpec {
  readonly table: SyncableTable;
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
    table: 'facility_dataset',
    dependsOn: [],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['id'])),
    references: () => [],
  },
  {
    table: 'facility',
    dependsOn: ['facilitydataset'],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['dataset_id'])),
    references: (data) => ref('facilitydataset', data['dataset_id']),
  },
  {
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
    table: 'classroom',
    dependsOn: ['facility'],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['dataset_id'])),
    references: (data) => ref('facility', data['facility_id']),
  },
  {
    table: 'learner_group',
    dependsOn: ['classroom'],
    partition: (row) => facilityPartitions.allUsersReadOnly(text(row['dataset_id'])),
    references: (data) => ref('classroom', data['classroom_id']),
  },
  {
    table: 'role',
    dependsOn: ['facilityuser', 'classroom'],
    partition: (row) => facilityPartitions.userReadOnly(text(row['dataset_id']), text(row['user_id'])),
    references: (data) => [...ref('facilityuser', data['user_id']), ...ref('classroom', data['classroom_id'])],
  },
  {
    table: 'membership',
    dependsOn: ['facilityuser', 'classroom', 'learnergroup'],
    partition: (row) => facilityPartitions.userReadOnly(text(row['dataset_id']), text(row['user_id'])),
    references: (data) => [...ref('facilityuser', data['user_id']), ...ref('classroom', data['classroom_id']), ...ref('learnergroup', data['learner_group_id'])],
  },
];

/**
 * The facility domain's syncable models of `facilitydata`, each described once: its fields
 * (`facilityRecordSchemas`, which also validate what peers send), partition, parents, references,
 * merge policy, its dirty rows, and how a peer's records are applied (`applyFromSync`, through the
 * repositories, so a user deleted by sync is signed out like any other). The composition root
 * registers them; the engine never writes a facility table.
 */
export function createFacilitySyncModels(db: SqliteDatabase<FacilitySchema>, writes: FacilitySyncWrites): readonly SyncableModel[] {
  return Object.freeze(
    specs.map((spec): SyncableModel => {
      const modelName = syncModelNames[spec.table];
      const model: SyncableModel = {
        profile: FACILITY_DATA_PROFILE,
        modelName,
        ...syncedTable<Row, FacilitySchema>(db, spec.table, 'id'),
        markInStore: (ids) => markInStore(db, spec.table, ids),
        dependsOn: spec.dependsOn,
        partition: spec.partition,
        serialize: allowListSerializer(serializedFields(modelName)),
        references: spec.references,
        ...(spec.mergePolicy ? { mergePolicy: spec.mergePolicy } : {}),
        apply: (records, settle) => writes.applyFromSync(modelName, records, settle),
        applyChosen: (data, inSameTransaction) => writes.applyChosenValue(modelName, data, inSameTransaction),
      };
      return Object.freeze(model);
    }),
  );
}
