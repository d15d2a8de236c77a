import { CoreError, type FieldError } from '../common/core-error.js';
import type { FacilityUserRecord, UserKind, UserPage, UserQuery, UserScope } from './facility-records.js';
import type { UserDeletionResult } from './facility-administration.js';
import { LOCAL_WRITE, notFound, uniqueIds, type FacilityInternals } from './facility-internals.js';
import type { PasswordHasher } from './password-hasher.js';
import { formatUserCsv, parseUserCsv, type CsvProblem } from './user-csv.js';
import { newUserRow } from './user-repository.js';
import type { Gender } from './user-rules.js';
import { findUsernameConflicts } from './username-repository.js';

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

/** A facility's users: listing, creating, changing, removing and restoring them, and the users CSV. */
export interface UserAdministration {
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

/** Describes held users with their records (unknown ids left out). */
export function describeUsernameClashes(internals: FacilityInternals, clashes: ReturnType<FacilityInternals['userQueries']['usernameClashes']>): UsernameClash[] {
  const records = new Map(internals.userQueries.getMany(uniqueIds(clashes.flatMap((clash) => [clash.userId, clash.clashWith]))).map((user) => [user.id, user]));
  return clashes.flatMap((clash) => {
    const user = records.get(clash.userId);
    return user ? [{ user, clashesWith: records.get(clash.clashWith) ?? null, source: clash.source, foundAt: clash.at }] : [];
  });
}

/** Creates the user administration over the facility's shared parts. */
export function createUserAdministration(internals: FacilityInternals): UserAdministration {
  const { db, hasher, writePath, userQueries, newId } = internals;
  const { users, facilities } = internals.repositories;

  const service: UserAdministration = {
    listUsers(facilityId, query) {
      internals.requireFacility(facilityId);
      return userQueries.list(facilityId, query);
    },

    allActiveUsers(facilityId) {
      internals.requireFacility(facilityId);
      return userQueries.allActive(facilityId);
    },

    getUser: (userId) => userQueries.get(userId),
    getUsers: (userIds) => userQueries.getMany(uniqueIds(userIds)),
    getUserScopes: (userIds) => userQueries.scopes(uniqueIds(userIds)),

    async createUser(facilityId, input) {
      internals.requireFacility(facilityId);
      const passwordHash = await hasher.hash(input.password);
      const id = newId();
      writePath.write(LOCAL_WRITE, (scope) => {
        // Checked again after the await: the facility may be gone by now.
        const facility = facilities.requireFacility(scope, facilityId);
        const { username, fullName, birthYear, gender, idNumber } = input;
        users.insert(scope, [newUserRow({ id, facilityId, datasetId: facility.datasetId, username, fullName, passwordHash, birthYear, gender, idNumber, kind: input.role })]);
      });
      return internals.requireUser(id);
    },

    async updateUser(userId, update) {
      const before = internals.requireUser(userId);
      if (before.dateDeleted !== null) throw new CoreError('CONFLICT', 'This user has been removed; restore them before changing them.');
      const passwordHash = update.password === undefined ? undefined : await hasher.hash(update.password);
      writePath.write(LOCAL_WRITE, (scope) => {
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
      return internals.requireUser(userId);
    },

    deleteUsers(userIds, { permanent }) {
      const ids = uniqueIds(userIds);
      const signedOut = writePath.write(LOCAL_WRITE, (scope) => {
        users.requireExisting(scope, ids);
        return users.keepingASuperuser(scope, () => (permanent ? users.hardDelete(scope, ids) : users.softDelete(scope, ids)));
      });
      return { affected: ids.length, signedOut };
    },

    restoreUsers(userIds) {
      const ids = uniqueIds(userIds);
      const restored = writePath.write(LOCAL_WRITE, (scope) => {
        users.requireExisting(scope, ids);
        return users.restore(scope, ids);
      });
      return { restored };
    },

    updateUsers(userIds, update) {
      const ids = uniqueIds(userIds);
      const result = writePath.write(LOCAL_WRITE, (scope) => {
        users.requireExisting(scope, ids);
        return users.keepingASuperuser(scope, () => users.change(scope, ids, { dateDeleted: update.dateDeleted, birthYear: update.birthYear, gender: update.gender }));
      });
      return { affected: ids.length, signedOut: result.becameDeleted, restored: result.restored };
    },

    async importUsersCsv(facilityId, csv) {
      const facility = internals.requireFacility(facilityId);
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
      writePath.write(LOCAL_WRITE, (scope) => {
        facilities.requireFacility(scope, facilityId);
        users.insert(
          scope,
          imported.map(({ username, fullName, birthYear, gender, idNumber, role }, position) =>
            newUserRow({ id: newId(), facilityId, datasetId: facility.datasetId, username, fullName, passwordHash: hashes[position]!, birthYear, gender, idNumber, kind: role }),
          ),
        );
      });
      return { created: imported.length };
    },

    exportUsersCsv(facilityId) {
      internals.requireFacility(facilityId);
      return formatUserCsv(userQueries.allActive(facilityId));
    },

    listUsernameClashes(facilityId) {
      internals.requireFacility(facilityId);
      return describeUsernameClashes(internals, userQueries.usernameClashes(facilityId));
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
