import { CoreError } from '../common/core-error.js';
import type { AuthenticationService } from './authentication-service.js';
import type { FacilityRecord, FacilityUserRecord } from './facility-records.js';
import { LOCAL_WRITE, notFound, type FacilityInternals } from './facility-internals.js';
import { newUserRow } from './user-repository.js';

/** The credentials a device is set up from another device with: an account of the facility at the peer. */
export interface PeerSetupCredentials {
  readonly username: string;
  readonly password: string;
  readonly facilityId: string;
}

/**
 * The two peer steps of an import, given by the caller (the facility domain does not know the sync
 * engine): pair with the peer, then run the sync that brings the facility here.
 */
export interface PeerImportSteps<Peer, Imported extends { readonly status: string }> {
  pair(): Promise<Peer>;
  importFrom(peer: Peer): Promise<Imported>;
}

/**
 * First-run setup and the device's own settings: set up from scratch, or from another device
 * (pair, import, then complete setup: the same code for the HTTP route and the `sync` CLI).
 */
export interface DeviceSetupService {
  /** Whether first-run setup has happened. */
  isProvisioned(): boolean;
  /** First-run setup: the first facility and its superuser (also its admin). CONFLICT the second time. */
  provision(input: { readonly facilityName: string; readonly superuser: { readonly username: string; readonly password: string; readonly fullName: string } }): Promise<{
    readonly facility: FacilityRecord;
    readonly superuser: FacilityUserRecord;
  }>;
  /**
   * Finishes setting up a device whose first facility was imported from a peer (Kolibri's "import
   * a facility" setup): that facility becomes the device's default and the user whose credentials
   * proved the import becomes its superuser. CONFLICT when the device is set up already; NOT_FOUND
   * when the facility or an active user of it is not here. Nothing is written on refusal.
   */
  completeSetupFromImport(facilityId: string, superuserId: string): FacilityUserRecord;
  /**
   * Finishes setting up a learn-only device, whose first facility arrived with one learner
   * (`single-user` import): that facility becomes the default, and no one becomes superuser.
   * CONFLICT when the device is set up already; NOT_FOUND when the facility or the learner (active)
   * is not here. Nothing is written on refusal.
   */
  completeLearnOnlySetup(facilityId: string, learnerId: string): void;
  /**
   * Sets a fresh device up from a peer: pairs, imports the facility, and once the import completed
   * makes the facility the device's and the account that proved it its superuser. An import cut
   * short leaves the device unprovisioned, so calling again resumes. CONFLICT if the account did
   * not arrive with the facility.
   */
  setUpFromPeer<Peer, Imported extends { readonly status: string }>(
    credentials: PeerSetupCredentials,
    steps: PeerImportSteps<Peer, Imported>,
  ): Promise<{ readonly peer: Peer; readonly imported: Imported }>;
  /**
   * Imports one learner from a peer (`single-user`); on a fresh device a completed import makes it
   * a learn-only device, set up with no superuser, so it shows sign-in instead of first-run setup.
   */
  importLearnerFromPeer<Peer, Imported extends { readonly status: string }>(
    credentials: PeerSetupCredentials,
    steps: PeerImportSteps<Peer, Imported>,
  ): Promise<{ readonly peer: Peer; readonly imported: Imported }>;
  /** The name an admin gave this device, or null when it goes by the OS host name. */
  deviceName(): string | null;
  /** Names this device (null: back to the OS host name); INVALID_INPUT for an empty, too long or unprintable name, CONFLICT before setup. */
  setDeviceName(name: string | null): void;
}

/** A device name as peers will show it: one printable line of 1 to 64 characters. */
function checkedDeviceName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 64 || /[\p{Cc}\p{Cf}]/u.test(trimmed)) {
    throw new CoreError('INVALID_INPUT', 'A device name is one line of 1 to 64 printable characters.', [{ path: 'name', message: 'One line of 1 to 64 printable characters' }]);
  }
  return trimmed;
}

/** Creates the device setup service; `authentication` finds the account that proved an import. */
export function createDeviceSetupService(internals: FacilityInternals, authentication: AuthenticationService): DeviceSetupService {
  const { hasher, writePath, facilityQueries, newId } = internals;
  const { users, facilities } = internals.repositories;

  const completeSetupFromImport = (facilityId: string, superuserId: string) => {
    writePath.write(LOCAL_WRITE, (scope) => {
      if (facilities.isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
      facilities.requireFacility(scope, facilityId);
      const user = users.find(scope, superuserId);
      if (!user || user.facilityId !== facilityId || user.dateDeleted !== null) throw notFound('active user of the imported facility', superuserId);
      facilities.provision(scope, facilityId);
      users.setSuperuser(scope, superuserId, true);
    });
    return internals.requireUser(superuserId);
  };

  const completeLearnOnlySetup = (facilityId: string, learnerId: string) => {
    writePath.write(LOCAL_WRITE, (scope) => {
      if (facilities.isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
      facilities.requireFacility(scope, facilityId);
      const learner = users.find(scope, learnerId);
      if (!learner || learner.facilityId !== facilityId || learner.dateDeleted !== null) throw notFound('active user of the imported facility', learnerId);
      facilities.provision(scope, facilityId);
    });
  };

  return Object.freeze({
    isProvisioned: () => facilityQueries.isProvisioned(),

    async provision(input: Parameters<DeviceSetupService['provision']>[0]) {
      if (facilityQueries.isProvisioned()) throw new CoreError('CONFLICT', 'This device is already set up.');
      const passwordHash = await hasher.hash(input.superuser.password);
      const facilityId = newId();
      const userId = newId();
      writePath.write(LOCAL_WRITE, (scope) => {
        // Checked again inside the transaction: two set-up requests may have raced past the check above.
        if (facilities.isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
        facilities.create(scope, { id: facilityId, datasetId: internals.newDatasetId(), name: input.facilityName });
        facilities.provision(scope, facilityId);
        const facility = facilities.requireFacility(scope, facilityId);
        const { username, fullName } = input.superuser;
        users.insert(scope, [newUserRow({ id: userId, facilityId, datasetId: facility.datasetId, username, fullName, passwordHash, kind: 'admin' })]);
        users.setSuperuser(scope, userId, true);
      });
      return { facility: internals.requireFacility(facilityId), superuser: internals.requireUser(userId) };
    },

    completeSetupFromImport,
    completeLearnOnlySetup,

    async setUpFromPeer<Peer, Imported extends { readonly status: string }>(credentials: PeerSetupCredentials, steps: PeerImportSteps<Peer, Imported>) {
      const peer = await steps.pair();
      const imported = await steps.importFrom(peer);
      if (imported.status === 'completed') {
        // The password was just checked at the peer, and the import brought the same account (with its hash) here.
        const admin = await authentication.authenticate(credentials.username, credentials.password, credentials.facilityId);
        if (!admin) throw new CoreError('CONFLICT', `The facility was imported, but its account "${credentials.username}" did not arrive with it; pair again to finish setting up.`);
        completeSetupFromImport(credentials.facilityId, admin.id);
      }
      return { peer, imported };
    },

    async importLearnerFromPeer<Peer, Imported extends { readonly status: string }>(credentials: PeerSetupCredentials, steps: PeerImportSteps<Peer, Imported>) {
      const peer = await steps.pair();
      const imported = await steps.importFrom(peer);
      if (imported.status === 'completed' && !facilityQueries.isProvisioned()) {
        const learner = await authentication.authenticate(credentials.username, credentials.password, credentials.facilityId);
        if (learner) completeLearnOnlySetup(credentials.facilityId, learner.id);
      }
      return { peer, imported };
    },

    deviceName: () => facilityQueries.deviceName(),

    setDeviceName(name: string | null) {
      const checked = name === null ? null : checkedDeviceName(name);
      writePath.write(LOCAL_WRITE, (scope) => facilities.setDeviceName(scope, checked));
    },
  });
}
