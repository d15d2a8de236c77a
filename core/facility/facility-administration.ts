import type { FacilityRecord } from './facility-records.js';
import { LOCAL_WRITE, type FacilityInternals } from './facility-internals.js';

/** What a deletion did. */
export interface UserDeletionResult {
  /** Users the request named (all of which exist). */
  readonly affected: number;
  /** Users who were active and are now deleted (and signed out). */
  readonly signedOut: readonly string[];
}

/** The device's facilities: listing, creating, renaming and deleting them. */
export interface FacilityAdministration {
  /** Every facility on the device. */
  listFacilities(): FacilityRecord[];
  /** The facility, or undefined. */
  getFacility(facilityId: string): FacilityRecord | undefined;
  /** Whether a facility of this dataset is on the device (a deleted facility's dataset is not). */
  holdsDataset(datasetId: string): boolean;
  /** Creates a facility with its own dataset. */
  createFacility(input: { readonly name: string }): FacilityRecord;
  /** Renames a facility; NOT_FOUND for an unknown one. */
  renameFacility(facilityId: string, name: string): FacilityRecord;
  /** Deletes a facility and all it holds; its users are signed out with reason `facility-deleted`. */
  deleteFacility(facilityId: string): UserDeletionResult;
}

/** Creates the facility administration over the facility's shared parts. */
export function createFacilityAdministration(internals: FacilityInternals): FacilityAdministration {
  const { writePath, facilityQueries, logger, newId } = internals;
  const { users, facilities } = internals.repositories;

  return Object.freeze({
    listFacilities: () => facilityQueries.list(),
    getFacility: (facilityId: string) => facilityQueries.get(facilityId),
    holdsDataset: (datasetId: string) => facilityQueries.holdsDataset(datasetId),

    createFacility(input: { readonly name: string }) {
      const id = newId();
      writePath.write(LOCAL_WRITE, (scope) => facilities.create(scope, { id, datasetId: internals.newDatasetId(), name: input.name }));
      return internals.requireFacility(id);
    },

    renameFacility(facilityId: string, name: string) {
      writePath.write(LOCAL_WRITE, (scope) => facilities.rename(scope, facilityId, name));
      return internals.requireFacility(facilityId);
    },

    deleteFacility(facilityId: string) {
      const before = internals.requireFacility(facilityId);
      const signedOut = writePath.write({ reason: 'facility-deleted' }, (scope) => users.keepingASuperuser(scope, () => facilities.delete(scope, facilityId)));
      logger.info(`Deleted facility "${before.name}" (${facilityId}) with ${before.userCount} active users.`);
      return { affected: signedOut.length, signedOut };
    },
  });
}
