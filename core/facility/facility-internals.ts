import type { Clock } from '../common/clock.js';
import type { RandomSource } from '../common/random-source.js';
import { createTimeOrderedIds } from '../common/time-ordered-id.js';
import { CoreError } from '../common/core-error.js';
import type { Logger } from '../common/logger.js';
import type { DatabaseSet } from '../db/database-set.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import { createClassQueries, type ClassQueries } from './class-queries.js';
import { createClassRepository, type ClassRepository } from './class-repository.js';
import { createFacilityQueries, type FacilityQueries } from './facility-queries.js';
import type { ClassroomDetail, FacilityRecord, FacilityUserRecord } from './facility-records.js';
import { createFacilityRepository, type FacilityRepository } from './facility-repository.js';
import type { FacilitySchema } from './facility-schema.js';
import { createFacilityWritePath, type FacilityWritePath } from './facility-write-path.js';
import { createMembershipRepository, type MembershipRepository } from './membership-repository.js';
import type { PasswordHasher } from './password-hasher.js';
import { createRoleRepository, type RoleRepository } from './role-repository.js';
import { createUserQueries, type UserQueries } from './user-queries.js';
import { createUserRepository, type UserRepository } from './user-repository.js';
import { createUsernameRepository, type UsernameRepository } from './username-repository.js';

/** What the facility domain's services are built from (see `createFacilityService`). */
export interface FacilityServiceOptions {
  readonly databases: DatabaseSet;
  readonly clock: Clock;
  /** Cryptographic randomness: ids and password salts. */
  readonly randomBytes: RandomSource;
  readonly passwordHasher: PasswordHasher;
  readonly logger: Logger;
  /**
   * Mints the dataset id of a new facility, inside the facility's write transaction. The dataset
   * is the sync root: create-core makes it the id of a new root certificate, as Morango does, so
   * the facility can be synced. Defaults to a random id (facility tests that never sync).
   */
  readonly newDatasetId?: () => string;
}

/** The repositories, one per table group, each the only writer of its tables. */
export interface FacilityRepositories {
  readonly usernames: UsernameRepository;
  readonly roles: RoleRepository;
  readonly memberships: MembershipRepository;
  readonly users: UserRepository;
  readonly classes: ClassRepository;
  readonly facilities: FacilityRepository;
}

/**
 * The parts every facility service shares: one write path, the repositories and the read queries
 * over one database. Private to core/facility; built once per facility domain.
 */
export interface FacilityInternals {
  readonly db: SqliteDatabase<FacilitySchema>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly hasher: PasswordHasher;
  readonly randomBytes: RandomSource;
  readonly newId: () => string;
  readonly newDatasetId: () => string;
  readonly writePath: FacilityWritePath;
  readonly repositories: FacilityRepositories;
  readonly userQueries: UserQueries;
  readonly facilityQueries: FacilityQueries;
  readonly classQueries: ClassQueries;
  /** The facility, or NOT_FOUND. */
  requireFacility(facilityId: string): FacilityRecord;
  /** The user (active or removed), or NOT_FOUND. */
  requireUser(userId: string): FacilityUserRecord;
  /** The class with its roster, or NOT_FOUND. */
  requireClass(classId: string): ClassroomDetail;
}

/** A NOT_FOUND naming what is missing. */
export function notFound(what: string, id: string): CoreError {
  return new CoreError('NOT_FOUND', `No ${what} with id "${id}".`);
}

/** The ids without repeats, in their first order. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** A local write; any users it deletes are signed out with reason `user-deleted`. */
export const LOCAL_WRITE = Object.freeze({ reason: 'user-deleted' } as const);

/** Builds the shared parts over the database the routers give the facility tables. */
export function createFacilityInternals(options: FacilityServiceOptions): FacilityInternals {
  const { clock, logger } = options;
  const db = options.databases.forTable<FacilitySchema>('facility_user');
  // New rows' ids sort by creation time, so a large sync fills the indexes at their ends (why: time-ordered-id.ts).
  const newId = createTimeOrderedIds(clock, options.randomBytes);
  const usernames = createUsernameRepository();
  const roles = createRoleRepository({ newId });
  const memberships = createMembershipRepository({ newId });
  const users = createUserRepository({ usernames, roles, memberships });
  const classes = createClassRepository({ roles, memberships });
  const facilities = createFacilityRepository({ usernames, users, classes, roles, memberships });
  const userQueries = createUserQueries(db);
  const facilityQueries = createFacilityQueries(db);
  const classQueries = createClassQueries(db, userQueries);
  return Object.freeze({
    db,
    clock,
    logger,
    hasher: options.passwordHasher,
    randomBytes: options.randomBytes,
    newId,
    newDatasetId: options.newDatasetId ?? newId,
    writePath: createFacilityWritePath({ db, clock, logger }),
    repositories: Object.freeze({ usernames, roles, memberships, users, classes, facilities }),
    userQueries,
    facilityQueries,
    classQueries,
    requireFacility(facilityId: string) {
      const facility = facilityQueries.get(facilityId);
      if (!facility) throw notFound('facility', facilityId);
      return facility;
    },
    requireUser(userId: string) {
      const user = userQueries.get(userId);
      if (!user) throw notFound('user', userId);
      return user;
    },
    requireClass(classId: string) {
      const detail = classQueries.detail(classId);
      if (!detail) throw notFound('class', classId);
      return detail;
    },
  });
}
