import type { Disposer } from '../common/events.js';
import type { SyncableModel } from '../sync/model/syncable-model.js';
import { createAuthenticationService, type AuthenticationService } from './authentication-service.js';
import { createClassAdministration, type ClassAdministration } from './class-administration.js';
import { createDeviceSetupService, type DeviceSetupService } from './device-setup-service.js';
import { createFacilityAdministration, type FacilityAdministration } from './facility-administration.js';
import { createFacilityInternals, type FacilityServiceOptions } from './facility-internals.js';
import type { UsersDeletedEvent, UsersPurgedEvent } from './facility-records.js';
import { createFacilitySyncWrites, usernameClashSummary, type FacilitySyncWrites } from './facility-sync-writes.js';
import { createFacilitySyncModels } from './sync-models.js';
import { createUserAdministration, describeUsernameClashes, type UserAdministration } from './user-administration.js';

/**
 * The facility domain, cut by use case: each part is a service of its own, and each route gets
 * only the part it uses. Every write goes through the repositories in one transaction and, once
 * committed, announces the users it deleted on `onDidDeleteUsers`.
 */
export interface FacilityService {
  /** First-run setup (from scratch or from a peer) and the device's name. */
  readonly setup: DeviceSetupService;
  /** Signing in: the HTTP layer's user directory. */
  readonly authentication: AuthenticationService;
  /** The device's facilities. */
  readonly facilities: FacilityAdministration;
  /** A facility's users, with the users CSV. */
  readonly users: UserAdministration;
  /** A facility's classes and groups. */
  readonly classes: ClassAdministration;
  /** Writes of the sync engine's facility models. */
  readonly syncWrites: FacilitySyncWrites;
  /** The facility tables as the sync engine's models (`sync-models.ts`); the composition root registers them. */
  readonly syncModels: readonly SyncableModel[];
  /** Fires once after each committed write that deleted users, with the users who became deleted. */
  onDidDeleteUsers(listener: (event: UsersDeletedEvent) => void): Disposer;
  /** Fires once after each committed write that removed users' rows for good (hard delete, facility deletion, either from sync). */
  onDidPurgeUsers(listener: (event: UsersPurgedEvent) => void): Disposer;
}

export type { FacilityServiceOptions } from './facility-internals.js';

/** Creates the facility domain's services over one write path and one set of repositories. */
export function createFacilityService(options: FacilityServiceOptions): FacilityService {
  const internals = createFacilityInternals(options);
  // Clashes found by the username migration (or left by sync) are said once at start-up, so they
  // are in the log as well as in the admin's list.
  const openClashes = describeUsernameClashes(internals, internals.userQueries.usernameClashes());
  if (openClashes.length > 0) {
    options.logger.warn(
      `${openClashes.length} user(s) are held by a username clash and cannot sign in by that name until an admin renames one of the two: ${usernameClashSummary(openClashes)}.`,
    );
  }
  const authentication = createAuthenticationService(internals);
  const syncWrites = createFacilitySyncWrites(internals);
  return Object.freeze({
    setup: createDeviceSetupService(internals, authentication),
    authentication,
    facilities: createFacilityAdministration(internals),
    users: createUserAdministration(internals),
    classes: createClassAdministration(internals),
    syncWrites,
    syncModels: createFacilitySyncModels(internals.db, syncWrites),
    onDidDeleteUsers: (listener: (event: UsersDeletedEvent) => void) => internals.writePath.onDidDeleteUsers(listener),
    onDidPurgeUsers: (listener: (event: UsersPurgedEvent) => void) => internals.writePath.onDidPurgeUsers(listener),
  });
}
