/**
 * The facility domain's public surface: the only module outside core/facility may import (the
 * `facility-internals-private` layer rule). Its schema types and repositories stay private, so no
 * other code can write a facility row without going through the service.
 */
export { createFacilityService, type FacilityService, type FacilityServiceOptions } from './facility-service.js';
export type { AuthenticationService } from './authentication-service.js';
export type { DeviceSetupService, PeerImportSteps, PeerSetupCredentials } from './device-setup-service.js';
export type { FacilityAdministration, UserDeletionResult } from './facility-administration.js';
export type { BulkUserUpdate, NewUserInput, UserAdministration, UserUpdate, UsernameClash } from './user-administration.js';
export type { ClassAdministration } from './class-administration.js';
export type { FacilitySyncWrites } from './facility-sync-writes.js';
export { facilityMigrations } from './facility-migrations.js';
export { createScryptPasswordHasher, DEFAULT_SCRYPT_COST, type PasswordHasher, type ScryptHasherOptions } from './password-hasher.js';
export { userFieldSchemas, userRules, type Gender } from './user-rules.js';
export { usernameKey } from './username-key.js';
export { decodeUserCsv, MAX_IMPORT_ROWS, userCsvExportColumns, userCsvImportColumns } from './user-csv.js';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './user-queries.js';
export type { FacilityModelName } from './sync-bookkeeping.js';
export type {
  ClassroomDetail,
  ClassroomRecord,
  FacilityRecord,
  FacilityUserRecord,
  LearnerGroupRecord,
  UserDeletionReason,
  UserKind,
  UserPage,
  UserQuery,
  UserScope,
  UserSortKey,
  UsersDeletedEvent,
  UsersPurgedEvent,
} from './facility-records.js';
