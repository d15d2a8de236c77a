import type { Clock } from '../common/clock.js';
import { CoreError, type FieldError } from '../common/core-error.js';
import type { Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import type { DatabaseSet } from '../db/database-set.js';
import type { JsonObject } from '../sync/model/json-value.js';
import type { ApplyOutcome, IncomingRecord } from '../sync/model/syncable-model.js';
import { createClassQueries } from './class-queries.js';
import { createClassRepository } from './class-repository.js';
import { createFacilityQueries } from './facility-queries.js';
import type {
  ClassroomDetail,
  ClassroomRecord,
  FacilityRecord,
  FacilityUserRecord,
  LearnerGroupRecord,
  UserKind,
  UserPage,
  UserQuery,
  UserScope,
  UsersDeletedEvent,
  UsersPurgedEvent,
} from './facility-records.js';
import { createFacilityRepository } from './facility-repository.js';
import type { FacilitySchema } from './facility-schema.js';
import { createFacilityWritePath } from './facility-write-path.js';
import type { PasswordHasher } from './password-hasher.js';
import { createSyncApplier } from './sync-apply.js';
import type { FacilityModelName } from './sync-bookkeeping.js';
import { formatUserCsv, parseUserCsv, type CsvProblem } from './user-csv.js';
import { createUserQueries } from './user-queries.js';
import { createMembershipRepository } from './membership-repository.js';
import { createRoleRepository } from './role-repository.js';
import { createUserRepository } from './user-repository.js';
import { createUsernameRepository, findUsernameConflicts } from './username-repository.js';
import type { Gender } from './user-rules.js';

/** A new user as a form or setup sends it (already shape-checked). */
export interface NewUserInput {
  readonly username: string;
  readonly password: string;
  readonly fullName: string;
  readonly role: UserKind;
  readonly birthYear?: number | null;
  readonly gender?: Gender | null;
  readonly idNumber?: string | null;
}

/** A user held by a username clash, and the user holding that username. */
export interface UsernameClash {
  readonly user: FacilityUserRecord;
  readonly clashesWith: FacilityUserRecord | null;
  readonly source: 'migration' | 'sync';
  readonly foundAt: string;
}

/** Changes to one user; absent fields stay as they are. */
export interface UserUpdate {
  readonly username?: string;
  readonly password?: string;
  readonly fullName?: string;
  readonly role?: UserKind;
  readonly isSuperuser?: boolean;
  readonly birthYear?: number | null;
  readonly gender?: Gender | null;
  readonly idNumber?: string | null;
}

/** Changes applied to many users at once. A `dateDeleted` time removes them, `null` restores them. */
export interface BulkUserUpdate {
  readonly dateDeleted?: string | null;
  readonly birthYear?: number | null;
  readonly gender?: Gender | null;
}

/** What a deletion did. */
export interface UserDeletionResult {
  /** Users the request named (all of which exist). */
  readonly affected: number;
  /** Users who were active and are now deleted (and signed out). */
  readonly signedOut: readonly string[];
}

/** A device name as peers will show it: one printable line of 1 to 64 characters. */
function checkedDeviceName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 64 || /[\p{Cc}\p{Cf}]/u.test(trimmed)) {
    throw new CoreError('INVALID_INPUT', 'A device name is one line of 1 to 64 printable characters.', [{ path: 'name', message: 'One line of 1 to 64 printable characters' }]);
  }
  return trimmed;
}

/**
 * The facility domain: facilities, users, classes, roles and first-run setup. Every write goes
 * through the repositories in one transaction and, once committed, announces the users it
 * deleted on `onDidDeleteUsers`. It is also the HTTP layer's user directory.
 */
export interface FacilityService {
  /** The active user with these credentials, or undefined; takes the same time whether or not the username exists. */
  authenticate(username: string, password: string, facilityId?: string): Promise<FacilityUserRecord | undefined>;
  /** The active (not deleted) user, or undefined. */
  findActiveUser(userId: string): FacilityUserRecord | undefined;
  /** Fires once after each committed write that deleted users, with the users who became deleted. */
  onDidDeleteUsers(listener: (event: UsersDeletedEvent) => void): Disposer;
  /** Fires once after each committed write that removed users' rows for good (hard delete, facility deletion, either from sync). */
  onDidPurgeUsers(listener: (event: UsersPurgedEvent) => void): Disposer;

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

  /** Whether a facility of this dataset is on the device (a deleted facility's dataset is not). */
  holdsDataset(datasetId: string): boolean;
  /** The name an admin gave this device, or null when it goes by the OS host name. */
  deviceName(): string | null;
  /** Names this device (null: back to the OS host name); INVALID_INPUT for an empty, too long or unprintable name, CONFLICT before setup. */
  setDeviceName(name: string | null): void;

  /** Every facility on the device. */
  listFacilities(): FacilityRecord[];
  /** The facility, or undefined. */
  getFacility(facilityId: string): FacilityRecord | undefined;
  /** Creates a facility with its own dataset. */
  createFacility(input: { readonly name: string }): FacilityRecord;
  /** Renames a facility; NOT_FOUND for an unknown one. */
  renameFacility(facilityId: string, name: string): FacilityRecord;
  /** Deletes a facility and all it holds; its users are signed out with reason `facility-deleted`. */
  deleteFacility(facilityId: string): UserDeletionResult;

  /** A page of a facility's users; NOT_FOUND for an unknown facility. */
  listUsers(facilityId: string, query: UserQuery): UserPage;
  /** Every active user of a facility (for export); NOT_FOUND for an unknown facility. */
  allActiveUsers(facilityId: string): FacilityUserRecord[];
  /** The user, active or removed. */
  getUser(userId: string): FacilityUserRecord | undefined;
  /** These users (active or removed); unknown ids are left out. */
  getUsers(userIds: readonly string[]): FacilityUserRecord[];
  /** The facility and superuser status of these users (unknown ids left out): enough to check permissions on thousands at once. */
  getUserScopes(userIds: readonly string[]): UserScope[];
  /** Creates a user; CONFLICT with the field for a taken username. */
  createUser(facilityId: string, input: NewUserInput): Promise<FacilityUserRecord>;
  /** Changes one active user. */
  updateUser(userId: string, update: UserUpdate): Promise<FacilityUserRecord>;
  /** Soft-deletes (`permanent` false) or permanently deletes users; NOT_FOUND naming unknown ids, nothing written. */
  deleteUsers(userIds: readonly string[], options: { readonly permanent: boolean }): UserDeletionResult;
  /** Restores removed users (their old sessions stay ended). */
  restoreUsers(userIds: readonly string[]): { readonly restored: readonly string[] };
  /** Bulk update of many users; a `dateDeleted` time deletes (and signs out) the active ones. */
  updateUsers(userIds: readonly string[], update: BulkUserUpdate): UserDeletionResult & { readonly restored: readonly string[] };
  /**
   * Imports a users CSV (see `parseUserCsv`) in one transaction: every user or none. Any bad row
   * (missing field, bad role, username twice in the file or already taken) fails the whole import
   * with INVALID_INPUT whose details name each line (`line.<n>.<column>`).
   */
  importUsersCsv(facilityId: string, csv: string): Promise<{ readonly created: number }>;
  /** The facility's active users as CSV with a header row; NOT_FOUND for an unknown facility. */
  exportUsersCsv(facilityId: string): string;
  /** The facility's held users (username clashes, see docs/facility.md), oldest first; NOT_FOUND for an unknown facility. */
  listUsernameClashes(facilityId: string): UsernameClash[];

  /** The classes of a facility (only those `coachId` coaches, when given). */
  listClasses(facilityId: string, options?: { readonly coachId?: string }): ClassroomRecord[];
  /** The class with its learners and coaches, or undefined. */
  getClass(classId: string): ClassroomDetail | undefined;
  /** Creates a class; CONFLICT for a name the facility uses. */
  createClass(facilityId: string, input: { readonly name: string }): ClassroomRecord;
  /** Renames a class. */
  renameClass(classId: string, name: string): ClassroomRecord;
  /** Deletes a class with its groups, memberships and coach roles. */
  deleteClass(classId: string): void;
  /** Makes exactly these users the class's learners. */
  setClassLearners(classId: string, userIds: readonly string[]): ClassroomDetail;
  /** Makes exactly these coaches or admins the class's coaches. */
  setClassCoaches(classId: string, userIds: readonly string[]): ClassroomDetail;
  /** The learner groups of a class. */
  listGroups(classId: string): LearnerGroupRecord[];
  /** Creates a learner group. */
  createGroup(classId: string, input: { readonly name: string }): LearnerGroupRecord;
  /** Deletes a learner group. */
  deleteGroup(groupId: string): void;
  /** Makes exactly these learners of the class the group's members. */
  setGroupLearners(groupId: string, userIds: readonly string[]): void;
  /** Whether the user coaches the class. */
  isCoachOf(userId: string, classId: string): boolean;
  /** Whether `coachId` coaches a class `learnerId` is a learner of. */
  coachesLearner(coachId: string, learnerId: string): boolean;

  /**
   * The sync deserializer's entry point: applies a peer's records of one model through the same
   * repositories, in one transaction, one savepoint per record. Users a record deletes are
   * signed out like any other deletion.
   */
  applyFromSync(modelName: FacilityModelName, records: readonly IncomingRecord[]): readonly ApplyOutcome[];
  /**
   * Resolving a sync conflict: writes the value an admin chose as a new local edit, through the
   * repositories (so a removal it carries signs the user out), and runs `inSameTransaction` (the
   * sync store's new version) before the write commits.
   */
  applyChosenValue(modelName: FacilityModelName, data: JsonObject, inSameTransaction: () => void): void;
}

/** What the facility service is built from. */
export interface FacilityServiceOptions {
  readonly databases: DatabaseSet;
  readonly clock: Clock;
  /** Cryptographic randomness: ids and password salts. */
  readonly randomBytes: (size: number) => Uint8Array;
  readonly passwordHasher: PasswordHasher;
  readonly logger: Logger;
  /**
   * Mints the dataset id of a new facility, inside the facility's write transaction. The dataset
   * is the sync root: create-core makes it the id of a new root certificate, as Morango does, so
   * the facility can be synced. Defaults to a random id (facility tests that never sync).
   */
  readonly newDatasetId?: () => string;
}

// Passwords are hashed this many at a time: libuv runs four scrypt jobs at once, and a queue of
// thousands would hold thousands of 16 MB buffers in waiting.
const HASH_CONCURRENCY = 8;

async function hashAll(hasher: PasswordHasher, passwords: readonly string[]): Promise<string[]> {
  const hashes: string[] = [];
  for (let start = 0; start < passwords.length; start += HASH_CONCURRENCY) {
    hashes.push(...(await Promise.all(passwords.slice(start, start + HASH_CONCURRENCY).map((password) => hasher.hash(password)))));
  }
  return hashes;
}

function notFound(what: string, id: string): CoreError {
  return new CoreError('NOT_FOUND', `No ${what} with id "${id}".`);
}

/** Creates the facility service over the database the routers give its tables. */
export function createFacilityService(options: FacilityServiceOptions): FacilityService {
  const { clock, passwordHasher: hasher, logger } = options;
  const db = options.databases.forTable<FacilitySchema>('facility_user');
  const newId = () => Buffer.from(options.randomBytes(16)).toString('hex');
  const newDatasetId = options.newDatasetId ?? newId;

  const writePath = createFacilityWritePath({ db, clock, logger });
  const usernames = createUsernameRepository();
  const roles = createRoleRepository({ newId });
  const memberships = createMembershipRepository({ newId });
  const users = createUserRepository({ usernames, roles, memberships });
  const classes = createClassRepository({ roles, memberships });
  const facilities = createFacilityRepository({ usernames, users, classes, roles, memberships });
  const syncApplier = createSyncApplier({ facilities, users, classes, roles, memberships });
  const userQueries = createUserQueries(db);
  const facilityQueries = createFacilityQueries(db);
  const classQueries = createClassQueries(db, userQueries);
  // A local write; any users it deletes are signed out with reason `user-deleted`.
  const localWrite = { reason: 'user-deleted' } as const;

  // An unknown username is checked against this hash, so it costs the same time as a known one.
  let dummyHash: Promise<string> | undefined;

  const requireFacility = (facilityId: string): FacilityRecord => {
    const facility = facilityQueries.get(facilityId);
    if (!facility) throw notFound('facility', facilityId);
    return facility;
  };
  const requireUser = (userId: string): FacilityUserRecord => {
    const user = userQueries.get(userId);
    if (!user) throw notFound('user', userId);
    return user;
  };
  const requireClass = (classId: string): ClassroomDetail => {
    const detail = classQueries.detail(classId);
    if (!detail) throw notFound('class', classId);
    return detail;
  };
  const unique = (ids: readonly string[]) => [...new Set(ids)];
  const describeClashes = (clashes: ReturnType<typeof userQueries.usernameClashes>): UsernameClash[] => {
    const records = new Map(userQueries.getMany(unique(clashes.flatMap((clash) => [clash.userId, clash.clashWith]))).map((user) => [user.id, user]));
    return clashes.flatMap((clash) => {
      const user = records.get(clash.userId);
      return user ? [{ user, clashesWith: records.get(clash.clashWith) ?? null, source: clash.source, foundAt: clash.at }] : [];
    });
  };
  const clashSummary = (clashes: readonly UsernameClash[]) =>
    clashes
      .slice(0, 10)
      .map((clash) => `"${clash.user.username}" (${clash.user.id}) beside "${clash.clashesWith?.username ?? '?'}" (${clash.clashesWith?.id ?? '?'})`)
      .join(', ') + (clashes.length > 10 ? ', …' : '');

  // Clashes found by the username migration (or left by sync) are said once at start-up, so they
  // are in the log as well as in the admin's list.
  const openClashes = describeClashes(userQueries.usernameClashes());
  if (openClashes.length > 0) {
    logger.warn(`${openClashes.length} user(s) are held by a username clash and cannot sign in by that name until an admin renames one of the two: ${clashSummary(openClashes)}.`);
  }

  const service: FacilityService = {
    async authenticate(username, password, facilityId) {
      const candidates = userQueries.credentials(username, facilityId);
      if (candidates.length === 0) {
        dummyHash ??= hasher.hash(Buffer.from(options.randomBytes(16)).toString('hex'));
        await hasher.verify(password, await dummyHash);
        return undefined;
      }
      // The same username in several facilities: the device's default facility is tried first.
      const preferred = facilityQueries.defaultFacilityId();
      const ordered = [...candidates].sort((a, b) => Number(b.facilityId === preferred) - Number(a.facilityId === preferred));
      for (const candidate of ordered) {
        if (!(await hasher.verify(password, candidate.passwordHash))) continue;
        if (hasher.needsRehash(candidate.passwordHash)) {
          const upgraded = await hasher.hash(password);
          writePath.write(localWrite, (scope) => {
            // Only if nobody changed the password while we hashed.
            const current = scope.db.first(scope.db.kysely.selectFrom('facility_user').select('password_hash').where('id', '=', candidate.id));
            if (current?.password_hash === candidate.passwordHash) users.change(scope, [candidate.id], { passwordHash: upgraded });
          });
        }
        // Looked up again: the user may have been removed while the hash was checked.
        return userQueries.findActive(candidate.id);
      }
      return undefined;
    },

    findActiveUser: (userId) => userQueries.findActive(userId),
    onDidDeleteUsers: (listener) => writePath.onDidDeleteUsers(listener),
    onDidPurgeUsers: (listener) => writePath.onDidPurgeUsers(listener),

    isProvisioned: () => facilityQueries.isProvisioned(),

    async provision(input) {
      if (facilityQueries.isProvisioned()) throw new CoreError('CONFLICT', 'This device is already set up.');
      const passwordHash = await hasher.hash(input.superuser.password);
      const facilityId = newId();
      const userId = newId();
      writePath.write(localWrite, (scope) => {
        // Checked again inside the transaction: two set-up requests may have raced past the check above.
        if (facilities.isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
        facilities.create(scope, { id: facilityId, datasetId: newDatasetId(), name: input.facilityName });
        facilities.provision(scope, facilityId);
        const facility = facilities.requireFacility(scope, facilityId);
        users.insert(scope, [
          {
            id: userId,
            facilityId,
            datasetId: facility.datasetId,
            username: input.superuser.username,
            fullName: input.superuser.fullName,
            passwordHash,
            birthYear: null,
            gender: null,
            idNumber: null,
            kind: 'admin',
          },
        ]);
        users.setSuperuser(scope, userId, true);
      });
      return { facility: requireFacility(facilityId), superuser: requireUser(userId) };
    },

    completeSetupFromImport(facilityId, superuserId) {
      writePath.write(localWrite, (scope) => {
        if (facilities.isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
        facilities.requireFacility(scope, facilityId);
        const user = users.find(scope, superuserId);
        if (!user || user.facilityId !== facilityId || user.dateDeleted !== null) throw notFound('active user of the imported facility', superuserId);
        facilities.provision(scope, facilityId);
        users.setSuperuser(scope, superuserId, true);
      });
      return requireUser(superuserId);
    },

    completeLearnOnlySetup(facilityId, learnerId) {
      writePath.write(localWrite, (scope) => {
        if (facilities.isProvisioned(scope)) throw new CoreError('CONFLICT', 'This device is already set up.');
        facilities.requireFacility(scope, facilityId);
        const learner = users.find(scope, learnerId);
        if (!learner || learner.facilityId !== facilityId || learner.dateDeleted !== null) throw notFound('active user of the imported facility', learnerId);
        facilities.provision(scope, facilityId);
      });
    },

    holdsDataset: (datasetId) => facilityQueries.holdsDataset(datasetId),
    deviceName: () => facilityQueries.deviceName(),
    setDeviceName(name) {
      const checked = name === null ? null : checkedDeviceName(name);
      writePath.write(localWrite, (scope) => facilities.setDeviceName(scope, checked));
    },

    listFacilities: () => facilityQueries.list(),
    getFacility: (facilityId) => facilityQueries.get(facilityId),

    createFacility(input) {
      const id = newId();
      writePath.write(localWrite, (scope) => facilities.create(scope, { id, datasetId: newDatasetId(), name: input.name }));
      return requireFacility(id);
    },

    renameFacility(facilityId, name) {
      writePath.write(localWrite, (scope) => facilities.rename(scope, facilityId, name));
      return requireFacility(facilityId);
    },

    deleteFacility(facilityId) {
      const before = requireFacility(facilityId);
      const signedOut = writePath.write({ reason: 'facility-deleted' }, (scope) => users.keepingASuperuser(scope, () => facilities.delete(scope, facilityId)));
      logger.info(`Deleted facility "${before.name}" (${facilityId}) with ${before.userCount} active users.`);
      return { affected: signedOut.length, signedOut };
    },

    listUsers(facilityId, query) {
      requireFacility(facilityId);
      return userQueries.list(facilityId, query);
    },

    allActiveUsers(facilityId) {
      requireFacility(facilityId);
      return userQueries.allActive(facilityId);
    },

    getUser: (userId) => userQueries.get(userId),
    getUsers: (userIds) => userQueries.getMany(unique(userIds)),
    getUserScopes: (userIds) => userQueries.scopes(unique(userIds)),

    async createUser(facilityId, input) {
      requireFacility(facilityId);
      const passwordHash = await hasher.hash(input.password);
      const id = newId();
      writePath.write(localWrite, (scope) => {
        // Checked again after the await: the facility may be gone by now.
        const facility = facilities.requireFacility(scope, facilityId);
        users.insert(scope, [
          {
            id,
            facilityId,
            datasetId: facility.datasetId,
            username: input.username,
            fullName: input.fullName,
            passwordHash,
            birthYear: input.birthYear ?? null,
            gender: input.gender ?? null,
            idNumber: input.idNumber ?? null,
            kind: input.role,
          },
        ]);
      });
      return requireUser(id);
    },

    async updateUser(userId, update) {
      const before = requireUser(userId);
      if (before.dateDeleted !== null) throw new CoreError('CONFLICT', 'This user has been removed; restore them before changing them.');
      const passwordHash = update.password === undefined ? undefined : await hasher.hash(update.password);
      writePath.write(localWrite, (scope) => {
        const current = users.find(scope, userId);
        if (!current) throw notFound('user', userId);
        if (current.dateDeleted !== null) throw new CoreError('CONFLICT', 'This user has been removed; restore them before changing them.');
        users.keepingASuperuser(scope, () => {
          users.change(scope, [userId], {
            username: update.username,
            fullName: update.fullName,
            passwordHash,
            birthYear: update.birthYear,
            gender: update.gender,
            idNumber: update.idNumber,
          });
          if (update.role !== undefined) users.setKind(scope, userId, update.role);
          if (update.isSuperuser !== undefined) users.setSuperuser(scope, userId, update.isSuperuser);
        });
      });
      return requireUser(userId);
    },

    deleteUsers(userIds, { permanent }) {
      const ids = unique(userIds);
      const signedOut = writePath.write(localWrite, (scope) => {
        users.requireExisting(scope, ids);
        return users.keepingASuperuser(scope, () => (permanent ? users.hardDelete(scope, ids) : users.softDelete(scope, ids)));
      });
      return { affected: ids.length, signedOut };
    },

    restoreUsers(userIds) {
      const ids = unique(userIds);
      const restored = writePath.write(localWrite, (scope) => {
        users.requireExisting(scope, ids);
        return users.restore(scope, ids);
      });
      return { restored };
    },

    updateUsers(userIds, update) {
      const ids = unique(userIds);
      const result = writePath.write(localWrite, (scope) => {
        users.requireExisting(scope, ids);
        return users.keepingASuperuser(scope, () => users.change(scope, ids, { dateDeleted: update.dateDeleted, birthYear: update.birthYear, gender: update.gender }));
      });
      return { affected: ids.length, signedOut: result.becameDeleted, restored: result.restored };
    },

    async importUsersCsv(facilityId, csv) {
      const facility = requireFacility(facilityId);
      const parsed = parseUserCsv(csv);
      if (parsed.problems.length > 0) throw importRefused(parsed.problems);
      const imported = parsed.users;
      // Usernames taken (or looked like) in the facility are reported per line before any (slow) password hashing.
      const lineOf = new Map(imported.map((user) => [user.username, user.line]));
      const clashes: CsvProblem[] = findUsernameConflicts(
        db,
        facilityId,
        imported.map((user) => user.username),
      ).map((conflict) => ({
        line: lineOf.get(conflict.candidate)!,
        column: 'username',
        message: conflict.lookAlike
          ? `The username "${conflict.candidate}" looks like "${conflict.username}", which this facility already has`
          : `The username "${conflict.candidate}" ${conflict.removed ? 'belongs to a removed user' : 'is already taken'} in this facility`,
      }));
      if (clashes.length > 0) throw importRefused(clashes);
      const hashes = await hashAll(
        hasher,
        imported.map((user) => user.password),
      );
      writePath.write(localWrite, (scope) => {
        facilities.requireFacility(scope, facilityId);
        users.insert(
          scope,
          imported.map((user, position) => ({
            id: newId(),
            facilityId,
            datasetId: facility.datasetId,
            username: user.username,
            fullName: user.fullName,
            passwordHash: hashes[position]!,
            birthYear: user.birthYear,
            gender: user.gender,
            idNumber: user.idNumber,
            kind: user.role,
          })),
        );
      });
      return { created: imported.length };
    },

    exportUsersCsv(facilityId) {
      requireFacility(facilityId);
      return formatUserCsv(userQueries.allActive(facilityId));
    },

    listUsernameClashes(facilityId) {
      requireFacility(facilityId);
      return describeClashes(userQueries.usernameClashes(facilityId));
    },

    listClasses(facilityId, listOptions) {
      requireFacility(facilityId);
      return classQueries.list(facilityId, listOptions);
    },

    getClass: (classId) => classQueries.detail(classId),

    createClass(facilityId, input) {
      const id = newId();
      writePath.write(localWrite, (scope) => {
        const facility = facilities.requireFacility(scope, facilityId);
        classes.create(scope, { id, facilityId, datasetId: facility.datasetId, name: input.name });
      });
      return requireClass(id);
    },

    renameClass(classId, name) {
      writePath.write(localWrite, (scope) => classes.rename(scope, classId, name));
      return requireClass(classId);
    },

    deleteClass(classId) {
      writePath.write(localWrite, (scope) => {
        classes.requireClass(scope, classId);
        classes.delete(scope, [classId]);
      });
    },

    setClassLearners(classId, userIds) {
      writePath.write(localWrite, (scope) => classes.setLearners(scope, classId, unique(userIds)));
      return requireClass(classId);
    },

    setClassCoaches(classId, userIds) {
      writePath.write(localWrite, (scope) => classes.setCoaches(scope, classId, unique(userIds)));
      return requireClass(classId);
    },

    listGroups(classId) {
      requireClass(classId);
      return classQueries.groups(classId);
    },

    createGroup(classId, input) {
      const id = newId();
      writePath.write(localWrite, (scope) => classes.createGroup(scope, { id, classroomId: classId, name: input.name }));
      const group = classQueries.groups(classId).find((candidate) => candidate.id === id);
      if (!group) throw CoreError.bug('A learner group just created cannot be read back.');
      return group;
    },

    deleteGroup(groupId) {
      writePath.write(localWrite, (scope) => {
        const exists = scope.db.first(scope.db.kysely.selectFrom('learner_group').select('id').where('id', '=', groupId));
        if (!exists) throw notFound('learner group', groupId);
        classes.deleteGroups(scope, [groupId]);
      });
    },

    setGroupLearners(groupId, userIds) {
      writePath.write(localWrite, (scope) => classes.setGroupLearners(scope, groupId, unique(userIds)));
    },

    isCoachOf: (userId, classId) => classQueries.isCoachOf(userId, classId),
    coachesLearner: (coachId, learnerId) => classQueries.coachesLearner(coachId, learnerId),

    applyChosenValue(modelName, data, inSameTransaction) {
      writePath.write(localWrite, (scope) => {
        syncApplier.applyChosen(scope, modelName, data);
        inSameTransaction();
      });
    },

    applyFromSync(modelName, records) {
      const heldBefore = modelName === 'facilityuser' ? new Set(userQueries.usernameClashes().map((clash) => clash.userId)) : undefined;
      const outcomes = Object.freeze(writePath.write({ reason: 'user-deleted', origin: 'sync' }, (scope) => syncApplier.apply(scope, modelName, records)));
      if (heldBefore) {
        const fresh = userQueries.usernameClashes().filter((clash) => !heldBefore.has(clash.userId));
        if (fresh.length > 0) logger.warn(`Sync held ${fresh.length} user(s) whose username another user of the facility already has: ${clashSummary(describeClashes(fresh))}.`);
      }
      return outcomes;
    },
  };
  return Object.freeze(service);
}

/** One INVALID_INPUT for a refused import, with a detail per problem: path `line.<n>.<column>`. */
function importRefused(problems: readonly CsvProblem[]): CoreError {
  const lines = new Set(problems.map((problem) => problem.line));
  const details: FieldError[] = problems.slice(0, 200).map((problem) => ({
    path: problem.column ? `line.${problem.line}.${problem.column}` : `line.${problem.line}`,
    message: `Line ${problem.line}${problem.column ? `, ${problem.column}` : ''}: ${problem.message}`,
  }));
  return new CoreError(
    'INVALID_INPUT',
    `${lines.size === 1 ? `Line ${[...lines][0]} has` : `${lines.size} lines have`} problems; nothing was imported. Fix the file and import it again.`,
    details,
  );
}
