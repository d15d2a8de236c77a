import { CoreError } from '../common/core-error.js';
import type { WriteScope } from './facility-write-path.js';
import type { ClassRepository } from './class-repository.js';
import type { MembershipRepository } from './membership-repository.js';
import type { RoleRepository } from './role-repository.js';
import { insertMark, recordDatasetPurge, updateMark } from './sync-bookkeeping.js';
import type { UserRepository } from './user-repository.js';
import type { UsernameRepository } from './username-repository.js';

/** A facility as a write needs it. */
export interface FacilityRow {
  readonly id: string;
  readonly datasetId: string;
}

/**
 * The only writer of `facility`, `facility_dataset` and `device_settings`. Deleting a facility
 * cascades to its users, classes, groups, memberships and roles through their repositories.
 */
export interface FacilityRepository {
  /** The facility, or NOT_FOUND. */
  requireFacility(scope: WriteScope, facilityId: string): FacilityRow;
  /** Creates a facility with its own dataset (the sync root of its data). */
  create(scope: WriteScope, row: { readonly id: string; readonly datasetId: string; readonly name: string }): void;
  /** Renames a facility. */
  rename(scope: WriteScope, facilityId: string, name: string): void;
  /** Deletes the facility and everything in it; reports its active users as became-deleted and answers them. */
  delete(scope: WriteScope, facilityId: string): readonly string[];
  /** Whether first-run setup has happened. */
  isProvisioned(scope: WriteScope): boolean;
  /** Marks the device provisioned with its default facility; CONFLICT if it already was. */
  provision(scope: WriteScope, defaultFacilityId: string): void;
  /** Names the device (null: its OS host name); CONFLICT before setup. */
  setDeviceName(scope: WriteScope, name: string | null): void;
  /** Writes a peer's dataset: inserted, or its description updated if it is here. */
  applySyncedDataset(scope: WriteScope, row: { readonly id: string; readonly description: string; readonly date_created: string }): void;
  /** Writes a peer's facility: inserted, or renamed if it is here. */
  applySyncedFacility(scope: WriteScope, row: { readonly id: string; readonly dataset_id: string; readonly name: string; readonly date_created: string }): void;
}

/** Creates the facility repository over the repositories a facility deletion cascades to. */
export function createFacilityRepository(options: {
  readonly usernames: UsernameRepository;
  readonly users: UserRepository;
  readonly classes: ClassRepository;
  readonly roles: RoleRepository;
  readonly memberships: MembershipRepository;
}): FacilityRepository {
  const requireFacility = (scope: WriteScope, facilityId: string): FacilityRow => {
    const row = scope.db.first(scope.db.kysely.selectFrom('facility').select(['id', 'dataset_id']).where('id', '=', facilityId));
    if (!row) throw new CoreError('NOT_FOUND', `No facility with id "${facilityId}".`);
    return { id: row.id, datasetId: row.dataset_id };
  };

  const isProvisioned = (scope: WriteScope) => scope.db.first(scope.db.kysely.selectFrom('device_settings').select('id').where('id', '=', 1)) !== undefined;

  return Object.freeze({
    requireFacility,

    create(scope: WriteScope, row: { readonly id: string; readonly datasetId: string; readonly name: string }) {
      const { db } = scope;
      db.run(db.kysely.insertInto('facility_dataset').values({ id: row.datasetId, description: '', date_created: scope.now, ...insertMark(scope) }));
      db.run(db.kysely.insertInto('facility').values({ id: row.id, dataset_id: row.datasetId, name: row.name, date_created: scope.now, ...insertMark(scope) }));
    },

    rename(scope: WriteScope, facilityId: string, name: string) {
      requireFacility(scope, facilityId);
      scope.db.run(scope.db.kysely.updateTable('facility').set({ name, ...updateMark(scope) }).where('id', '=', facilityId));
    },

    delete(scope: WriteScope, facilityId: string) {
      const facility = requireFacility(scope, facilityId);
      const { db } = scope;
      const k = db.kysely;
      const becameDeleted = db
        .all(k.selectFrom('facility_user').select('id').where('facility_id', '=', facilityId).where('date_deleted', 'is', null))
        .map((row) => row.id);
      scope.usersBecamePurged(db.all(k.selectFrom('facility_user').select('id').where('facility_id', '=', facilityId)).map((row) => row.id));
      // Children before parents (no cascades); one statement per table whatever the facility's size.
      options.memberships.purgeFacility(scope, facilityId);
      options.roles.purgeFacility(scope, facilityId);
      options.classes.purgeFacility(scope, facilityId);
      options.usernames.removeFacility(scope, facilityId);
      db.run(k.updateTable('device_settings').set({ default_facility_id: null }).where('default_facility_id', '=', facilityId));
      options.users.purgeFacility(scope, facilityId);
      db.run(k.deleteFrom('facility').where('id', '=', facilityId));
      const sharedDataset = db.first(k.selectFrom('facility').select('id').where('dataset_id', '=', facility.datasetId).limit(1));
      if (!sharedDataset) db.run(k.deleteFrom('facility_dataset').where('id', '=', facility.datasetId));
      // One record for the whole dataset instead of one per row: see `purge` in sync-bookkeeping.
      recordDatasetPurge(scope, facility.datasetId);
      scope.usersBecameDeleted(becameDeleted);
      return becameDeleted;
    },

    isProvisioned,

    provision(scope: WriteScope, defaultFacilityId: string) {
      if (isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
      scope.db.run(scope.db.kysely.insertInto('device_settings').values({ id: 1, default_facility_id: defaultFacilityId, provisioned_at: scope.now, device_name: null }));
    },

    setDeviceName(scope: WriteScope, name: string | null) {
      if (!isProvisioned(scope)) throw new CoreError('CONFLICT', 'Set this device up before naming it.');
      scope.db.run(scope.db.kysely.updateTable('device_settings').set({ device_name: name }).where('id', '=', 1));
    },

    applySyncedDataset(scope: WriteScope, row: { readonly id: string; readonly description: string; readonly date_created: string }) {
      const k = scope.db.kysely;
      scope.db.run(k.insertInto('facility_dataset').values({ ...row, ...insertMark(scope) }).onConflict((c) => c.column('id').doUpdateSet({ description: row.description, ...updateMark(scope) })));
    },

    applySyncedFacility(scope: WriteScope, row: { readonly id: string; readonly dataset_id: string; readonly name: string; readonly date_created: string }) {
      const k = scope.db.kysely;
      scope.db.run(k.insertInto('facility').values({ ...row, ...insertMark(scope) }).onConflict((c) => c.column('id').doUpdateSet({ name: row.name, ...updateMark(scope) })));
    },
  });
}
