import type { Updateable } from 'kysely';
import { CoreError } from '../common/core-error.js';
import type { UserKind } from './facility-records.js';
import type { FacilityUserTable } from './facility-schema.js';
import type { WriteScope } from './facility-write-path.js';
import { idList } from '../db/id-list.js';
import type { MembershipRepository } from './membership-repository.js';
import type { RoleRepository } from './role-repository.js';
import { forgetSoftDeletions, insertMark, recordDeletions, recordDeletionsOf, updateMark } from './sync-bookkeeping.js';
import { usernameKey, usernameSkeleton } from './username-key.js';
import { findUsernameConflicts, usernameConflictError, type UsernameRepository } from './username-repository.js';

/** A user row to insert; the password is already hashed. */
export interface NewUserRow {
  readonly id: string;
  readonly facilityId: string;
  readonly datasetId: string;
  readonly username: string;
  readonly fullName: string;
  readonly passwordHash: string;
  readonly birthYear: number | null;
  readonly gender: string | null;
  readonly idNumber: string | null;
  readonly kind: UserKind;
  /** Kept from a peer's record; a local insert uses the write's time. */
  readonly dateCreated?: string;
  /** Set only for a peer's user who arrives already removed. */
  readonly dateDeleted?: string | null;
}

/** A new user's row from its fields: the optional personal fields default to null (unknown). */
export function newUserRow(
  fields: Omit<NewUserRow, 'birthYear' | 'gender' | 'idNumber'> & { readonly birthYear?: number | null; readonly gender?: string | null; readonly idNumber?: string | null },
): NewUserRow {
  return { ...fields, birthYear: fields.birthYear ?? null, gender: fields.gender ?? null, idNumber: fields.idNumber ?? null };
}

/** Column changes to apply to one or many users. `dateDeleted` soft-deletes (a time) or restores (null). */
export interface UserRowChanges {
  readonly username?: string;
  readonly fullName?: string;
  readonly passwordHash?: string;
  readonly birthYear?: number | null;
  readonly gender?: string | null;
  readonly idNumber?: string | null;
  readonly dateDeleted?: string | null;
}

/** What a user write found before it changed anything. */
export interface ExistingUser {
  readonly id: string;
  readonly facilityId: string;
  readonly datasetId: string;
  readonly dateDeleted: string | null;
}

/** The outcome of a bulk change: who became deleted and who came back. */
export interface UserChangeResult {
  readonly becameDeleted: readonly string[];
  readonly restored: readonly string[];
}

/**
 * The only writer of `facility_user` and `device_permissions`; a user's roles and memberships go
 * through the role and membership repositories. Every method runs inside a `FacilityWritePath.write` (it takes the write's scope), reports the users who
 * became deleted to the scope, marks rows dirty and records deletions for sync.
 */
export interface UserRepository {
  /** NOT_FOUND naming the ids that are no user. */
  requireExisting(scope: WriteScope, userIds: readonly string[]): void;
  /** The user as a write needs it, or undefined. */
  find(scope: WriteScope, userId: string): ExistingUser | undefined;
  /** These users as a write needs them (one query); unknown ids are left out. */
  findMany(scope: WriteScope, userIds: readonly string[]): ExistingUser[];
  /**
   * Inserts users (and their admin/coach role). A local write answers CONFLICT when a username is
   * taken or looked like, in the batch or in the facility; a peer's user with a taken one is held.
   */
  insert(scope: WriteScope, users: readonly NewUserRow[]): void;
  /** Applies the same changes to every listed user (bulk update); a `dateDeleted` time deletes the active ones. */
  change(scope: WriteScope, userIds: readonly string[], changes: UserRowChanges): UserChangeResult;
  /** Soft-deletes the active users among `userIds`; answers those who became deleted. */
  softDelete(scope: WriteScope, userIds: readonly string[]): readonly string[];
  /** Restores the removed users among `userIds`; answers those restored. */
  restore(scope: WriteScope, userIds: readonly string[]): readonly string[];
  /** Deletes users permanently with their roles, memberships and device permissions; answers those who were active. */
  hardDelete(scope: WriteScope, userIds: readonly string[]): readonly string[];
  /** Gives a user exactly this facility-level kind; a learner also loses their class coach roles. */
  setKind(scope: WriteScope, userId: string, kind: UserKind): void;
  /** Grants or revokes device superuser. */
  setSuperuser(scope: WriteScope, userId: string, isSuperuser: boolean): void;
  /** Runs `work` and refuses (CONFLICT, rolled back) if it removed the device's last active superuser. */
  keepingASuperuser<T>(scope: WriteScope, work: () => T): T;
  /** Drops a facility's users and their device permissions without a record each (facility deletion records the dataset purge). */
  purgeFacility(scope: WriteScope, facilityId: string): void;
}


function columns(changes: UserRowChanges): Updateable<FacilityUserTable> {
  const set: Updateable<FacilityUserTable> = {};
  if (changes.username !== undefined) set.username = changes.username;
  if (changes.fullName !== undefined) set.full_name = changes.fullName;
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.birthYear !== undefined) set.birth_year = changes.birthYear;
  if (changes.gender !== undefined) set.gender = changes.gender;
  if (changes.idNumber !== undefined) set.id_number = changes.idNumber;
  if (changes.dateDeleted !== undefined) set.date_deleted = changes.dateDeleted;
  return set;
}

/** Creates the user repository over the repositories of the rows that hang off a user; `usernames` keeps the username keys. */
export function createUserRepository(options: {
  readonly usernames: UsernameRepository;
  readonly roles: RoleRepository;
  readonly memberships: MembershipRepository;
}): UserRepository {
  const { usernames: usernameKeys, roles, memberships } = options;

  const existing = (scope: WriteScope, userIds: readonly string[]): ExistingUser[] =>
    userIds.length === 0
      ? []
      : scope.db
          .all(scope.db.kysely.selectFrom('facility_user').select(['id', 'facility_id', 'dataset_id', 'date_deleted']).where('id', 'in', idList(userIds)))
          .map((row) => ({ id: row.id, facilityId: row.facility_id, datasetId: row.dataset_id, dateDeleted: row.date_deleted }));

  const activeSuperusers = (scope: WriteScope): number =>
    scope.db.first(
      scope.db.kysely
        .selectFrom('device_permissions as d')
        .innerJoin('facility_user as u', 'u.id', 'd.user_id')
        .where('d.is_superuser', '=', 1)
        .where('u.date_deleted', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n')),
    )?.n ?? 0;

  // Local writes only: a peer's record is never refused for its username (it is held instead).
  const assertUsernameFree = (scope: WriteScope, facilityId: string, usernames: readonly string[], exceptUserId?: string) => {
    if (usernames.length === 0 || scope.origin === 'sync') return;
    const [conflict] = findUsernameConflicts(scope.db, facilityId, usernames, exceptUserId);
    if (conflict) throw usernameConflictError(conflict);
  };

  // One UPDATE of the rows in one deletion state, answering the rows it changed. Each row of a
  // change is touched by exactly one statement, and the RETURNING clause says who changed state,
  // so a bulk change of thousands of users costs two statements and no per-row reads.
  const update = (scope: WriteScope, userIds: readonly string[], set: Updateable<FacilityUserTable>, state: 'active' | 'removed') =>
    scope.db.all(
      scope.db.kysely
        .updateTable('facility_user')
        .set({ ...set, ...updateMark(scope) })
        .where('id', 'in', idList(userIds))
        .where('date_deleted', state === 'active' ? 'is' : 'is not', null)
        .returning(['id', 'dataset_id']),
    );

  const change = (scope: WriteScope, userIds: readonly string[], changes: UserRowChanges): UserChangeResult => {
    const set = columns(changes);
    if (userIds.length === 0 || Object.keys(set).length === 0) return { becameDeleted: [], restored: [] };
    if (changes.username !== undefined) {
      const [user] = existing(scope, userIds);
      if (userIds.length !== 1 || !user) throw CoreError.bug('A username is changed one user at a time.');
      // The same key (a change of case, or the name sent again): a held user may still be edited.
      if (!usernameKeys.hasKey(scope, user.id, changes.username)) assertUsernameFree(scope, user.facilityId, [changes.username], user.id);
      usernameKeys.rename(scope, user.id, changes.username);
    }
    let becameDeleted: readonly string[] = [];
    let restored: readonly string[] = [];
    if (changes.dateDeleted === undefined) {
      scope.db.run(scope.db.kysely.updateTable('facility_user').set({ ...set, ...updateMark(scope) }).where('id', 'in', idList(userIds)));
    } else if (changes.dateDeleted === null) {
      update(scope, userIds, set, 'active');
      restored = update(scope, userIds, set, 'removed').map((row) => row.id);
    } else {
      // Removed ones first: after the second statement the newly removed would match it too.
      update(scope, userIds, set, 'removed');
      const rows = update(scope, userIds, set, 'active');
      recordDeletionsOf(scope, 'facility_user', rows, 'soft');
      becameDeleted = rows.map((row) => row.id);
    }
    forgetSoftDeletions(scope, restored);
    scope.usersBecameDeleted(becameDeleted);
    return { becameDeleted, restored };
  };

  return Object.freeze({
    requireExisting(scope: WriteScope, userIds: readonly string[]) {
      const unique = [...new Set(userIds)];
      if (unique.length === 0) return;
      // Ids only: the primary key index answers alone, without reading the rows.
      const known = new Set(scope.db.all(scope.db.kysely.selectFrom('facility_user').select('id').where('id', 'in', idList(unique))).map((row) => row.id));
      if (known.size === unique.length) return;
      const missing = unique.filter((id) => !known.has(id));
      throw new CoreError(
        'NOT_FOUND',
        missing.length === 1 ? `No user with id "${missing[0]}".` : `${missing.length} of the users do not exist: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}.`,
        missing.slice(0, 20).map((id) => ({ path: 'ids', message: `No user with id "${id}"` })),
      );
    },

    find(scope: WriteScope, userId: string) {
      return existing(scope, [userId])[0];
    },

    findMany: existing,

    insert(scope: WriteScope, users: readonly NewUserRow[]) {
      if (users.length === 0) return;
      const byFacility = new Map<string, string[]>();
      const seen = new Map<string, string>();
      for (const user of users) {
        let usernames = byFacility.get(user.facilityId);
        if (!usernames) byFacility.set(user.facilityId, (usernames = []));
        usernames.push(user.username);
        if (scope.origin === 'sync') continue;
        const key = `k\u0000${user.facilityId}\u0000${usernameKey(user.username)}`;
        const look = `s\u0000${user.facilityId}\u0000${usernameSkeleton(user.username)}`;
        const earlier = seen.get(key) ?? seen.get(look);
        if (earlier !== undefined) throw usernameConflictError({ candidate: user.username, username: earlier, removed: false, lookAlike: !seen.has(key) });
        seen.set(key, user.username);
        seen.set(look, user.username);
      }
      for (const [facilityId, usernames] of byFacility) assertUsernameFree(scope, facilityId, usernames);
      const { db } = scope;
      const mark = insertMark(scope);
      db.insertRows(
        'facility_user',
        users.map((user) => ({
          id: user.id,
          facility_id: user.facilityId,
          dataset_id: user.datasetId,
          username: user.username,
          full_name: user.fullName,
          password_hash: user.passwordHash,
          birth_year: user.birthYear,
          gender: user.gender,
          id_number: user.idNumber,
          date_created: user.dateCreated ?? scope.now,
          date_deleted: user.dateDeleted ?? null,
          ...mark,
        })),
      );
      usernameKeys.add(scope, users);
      roles.insert(
        scope,
        users.flatMap((user) =>
          user.kind === 'learner' ? [] : [{ userId: user.id, facilityId: user.facilityId, datasetId: user.datasetId, kind: user.kind, classroomId: null }],
        ),
      );
    },

    change,

    softDelete(scope: WriteScope, userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      // Only the active ones: an already removed user keeps the date they were removed on.
      const rows = update(scope, userIds, { date_deleted: scope.now }, 'active');
      recordDeletionsOf(scope, 'facility_user', rows, 'soft');
      const becameDeleted = rows.map((row) => row.id);
      scope.usersBecameDeleted(becameDeleted);
      return becameDeleted;
    },

    restore(scope: WriteScope, userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      const restored = update(scope, userIds, { date_deleted: null }, 'removed').map((row) => row.id);
      forgetSoftDeletions(scope, restored);
      return restored;
    },

    hardDelete(scope: WriteScope, userIds: readonly string[]) {
      const before = existing(scope, userIds);
      if (before.length === 0) return [];
      const ids = before.map((user) => user.id);
      const { db } = scope;
      // Children first: the foreign keys have no cascade, so nothing disappears unrecorded.
      memberships.deleteOfUsers(scope, ids);
      roles.deleteOfUsers(scope, ids);
      db.run(db.kysely.deleteFrom('device_permissions').where('user_id', 'in', idList(ids)));
      usernameKeys.remove(scope, ids);
      recordDeletions(scope, 'facility_user', { ids }, 'hard');
      db.run(db.kysely.deleteFrom('facility_user').where('id', 'in', idList(ids)));
      scope.usersBecamePurged(ids);
      const becameDeleted = before.filter((user) => user.dateDeleted === null).map((user) => user.id);
      scope.usersBecameDeleted(becameDeleted);
      return becameDeleted;
    },

    setKind(scope: WriteScope, userId: string, kind: UserKind) {
      const user = existing(scope, [userId])[0];
      if (!user) throw new CoreError('NOT_FOUND', `No user with id "${userId}".`);
      const held = roles.ofUser(scope, userId);
      roles.delete(scope, held.filter((role) => (role.classroomId === null ? role.kind !== kind : kind === 'learner')).map((role) => role.id));
      const hasFacilityRole = held.some((role) => role.classroomId === null && role.kind === kind);
      if (kind !== 'learner' && !hasFacilityRole) {
        roles.insert(scope, [{ userId, facilityId: user.facilityId, datasetId: user.datasetId, kind, classroomId: null }]);
      }
    },

    setSuperuser(scope: WriteScope, userId: string, isSuperuser: boolean) {
      const { db } = scope;
      if (isSuperuser) {
        db.run(
          db.kysely
            .insertInto('device_permissions')
            .values({ user_id: userId, is_superuser: 1, date_created: scope.now })
            .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ is_superuser: 1 })),
        );
      } else {
        db.run(db.kysely.deleteFrom('device_permissions').where('user_id', '=', userId));
      }
    },

    keepingASuperuser<T>(scope: WriteScope, work: () => T): T {
      const before = activeSuperusers(scope);
      const result = work();
      if (before > 0 && activeSuperusers(scope) === 0) {
        throw new CoreError('CONFLICT', 'This would remove the last superuser of this device. Make another user a superuser first.');
      }
      return result;
    },

    purgeFacility(scope: WriteScope, facilityId: string) {
      const k = scope.db.kysely;
      const users = k.selectFrom('facility_user').select('id').where('facility_id', '=', facilityId);
      scope.db.run(k.deleteFrom('device_permissions').where('user_id', 'in', users));
      scope.db.run(k.deleteFrom('facility_user').where('facility_id', '=', facilityId));
    },
  });
}
