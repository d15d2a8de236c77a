import { CoreError, type FieldError } from '../common/core-error.js';
import type { WriteScope } from './facility-write-path.js';
import { idList } from '../db/id-list.js';
import type { MembershipRepository } from './membership-repository.js';
import type { RoleRepository } from './role-repository.js';
import { insertMark, recordDeletions, updateMark } from './sync-bookkeeping.js';

/** A class as a write needs it. */
export interface ClassRow {
  readonly id: string;
  readonly facilityId: string;
  readonly datasetId: string;
}

/** A class as it arrives from a peer. */
export interface SyncedClassRow {
  readonly id: string;
  readonly facility_id: string;
  readonly dataset_id: string;
  readonly name: string;
  readonly date_created: string;
}

/** A learner group as it arrives from a peer. */
export interface SyncedGroupRow extends SyncedClassRow {
  readonly classroom_id: string;
}

/**
 * The only writer of `classroom` and `learner_group`; a class's memberships and coach roles go
 * through the membership and role repositories. Every method runs inside a
 * `FacilityWritePath.write` and keeps the sync bookkeeping.
 */
export interface ClassRepository {
  /** The class, or NOT_FOUND. */
  requireClass(scope: WriteScope, classId: string): ClassRow;
  /** Creates a class; CONFLICT when the facility has a class of that name. */
  create(scope: WriteScope, row: { readonly id: string; readonly facilityId: string; readonly datasetId: string; readonly name: string }): void;
  /** Renames a class; CONFLICT on a name the facility already uses. */
  rename(scope: WriteScope, classId: string, name: string): void;
  /** Deletes classes with their groups, memberships and coach roles. */
  delete(scope: WriteScope, classIds: readonly string[]): void;
  /** Makes exactly these active users of the class's facility its learners. */
  setLearners(scope: WriteScope, classId: string, userIds: readonly string[]): void;
  /** Makes exactly these active coaches or admins of the class's facility its coaches. */
  setCoaches(scope: WriteScope, classId: string, userIds: readonly string[]): void;
  /** Creates a learner group in a class; CONFLICT on a name the class already uses. */
  createGroup(scope: WriteScope, row: { readonly id: string; readonly classroomId: string; readonly name: string }): void;
  /** Deletes learner groups with their memberships. */
  deleteGroups(scope: WriteScope, groupIds: readonly string[]): void;
  /** Makes exactly these learners of the group's class its members. */
  setGroupLearners(scope: WriteScope, groupId: string, userIds: readonly string[]): void;
  /** Drops a facility's classes and groups without a record each (facility deletion records the dataset purge). */
  purgeFacility(scope: WriteScope, facilityId: string): void;
  /** Writes a peer's class: inserted, or renamed if it is here. */
  applySyncedClass(scope: WriteScope, row: SyncedClassRow): void;
  /** Writes a peer's learner group: inserted, or renamed if it is here. */
  applySyncedGroup(scope: WriteScope, row: SyncedGroupRow): void;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function nameTaken(what: string, name: string): CoreError {
  return new CoreError('CONFLICT', `There is already a ${what} named "${name}".`, [{ path: 'name', message: 'Already taken' }]);
}

function invalidUsers(field: string, problems: readonly string[]): CoreError {
  const details: FieldError[] = problems.slice(0, 20).map((message) => ({ path: field, message }));
  return new CoreError('INVALID_INPUT', `Invalid ${field}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`, details);
}

/** Creates the class repository over the repositories of a class's memberships and coach roles. */
export function createClassRepository(options: { readonly roles: RoleRepository; readonly memberships: MembershipRepository }): ClassRepository {
  const { roles, memberships } = options;

  const requireClass = (scope: WriteScope, classId: string): ClassRow => {
    const row = scope.db.first(scope.db.kysely.selectFrom('classroom').select(['id', 'facility_id', 'dataset_id']).where('id', '=', classId));
    if (!row) throw new CoreError('NOT_FOUND', `No class with id "${classId}".`);
    return { id: row.id, facilityId: row.facility_id, datasetId: row.dataset_id };
  };

  // The users must exist, be active and belong to the class's facility; coaches must be coaches or admins.
  const checkUsers = (scope: WriteScope, classRow: ClassRow, userIds: readonly string[], field: string, coachesOnly: boolean) => {
    if (userIds.length === 0) return;
    const { db } = scope;
    const rows = db.all(
      db.kysely
        .selectFrom('facility_user as u')
        .select([
          'u.id',
          'u.facility_id',
          'u.date_deleted',
          (eb) =>
            eb
              .exists(eb.selectFrom('role as r').select('r.id').whereRef('r.user_id', '=', 'u.id').where('r.classroom_id', 'is', null))
              .as('is_staff'),
        ])
        .where('u.id', 'in', idList(userIds)),
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const missing = userIds.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new CoreError(
        'NOT_FOUND',
        missing.length === 1 ? `No user with id "${missing[0]}".` : `${missing.length} of the users do not exist.`,
        missing.slice(0, 20).map((id) => ({ path: field, message: `No user with id "${id}"` })),
      );
    }
    const problems: string[] = [];
    for (const id of userIds) {
      const row = byId.get(id)!;
      if (row.facility_id !== classRow.facilityId) problems.push(`User "${id}" belongs to another facility`);
      else if (row.date_deleted !== null) problems.push(`User "${id}" has been removed`);
      else if (coachesOnly && !row.is_staff) problems.push(`User "${id}" is a learner; only coaches and admins can coach a class`);
    }
    if (problems.length > 0) throw invalidUsers(field, problems);
  };

  const setMembers = (scope: WriteScope, classRow: ClassRow, groupId: string | null, userIds: readonly string[]) => {
    const rows = memberships.of(scope, classRow.id, groupId);
    const wanted = new Set(userIds);
    const have = new Set(rows.map((row) => row.userId));
    const removedUsers = rows.filter((row) => !wanted.has(row.userId)).map((row) => row.userId);
    let stale = rows.filter((row) => !wanted.has(row.userId)).map((row) => row.id);
    // Leaving a class also means leaving its groups.
    if (groupId === null) stale = [...stale, ...memberships.groupMembershipsOf(scope, classRow.id, removedUsers).map((row) => row.id)];
    memberships.delete(scope, stale);
    const added = [...wanted].filter((id) => !have.has(id));
    memberships.insert(scope, added.map((userId) => ({ userId, classroomId: classRow.id, learnerGroupId: groupId, datasetId: classRow.datasetId })));
  };

  const deleteGroups = (scope: WriteScope, groupIds: readonly string[]) => {
    if (groupIds.length === 0) return;
    const { db } = scope;
    memberships.deleteOfGroups(scope, groupIds);
    recordDeletions(scope, 'learner_group', { ids: groupIds }, 'deleted');
    db.run(db.kysely.deleteFrom('learner_group').where('id', 'in', idList(groupIds)));
  };

  return Object.freeze({
    requireClass,

    create(scope: WriteScope, row: { readonly id: string; readonly facilityId: string; readonly datasetId: string; readonly name: string }) {
      try {
        scope.db.run(
          scope.db.kysely.insertInto('classroom').values({
            id: row.id,
            facility_id: row.facilityId,
            dataset_id: row.datasetId,
            name: row.name,
            date_created: scope.now,
            ...insertMark(scope),
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken('class in this facility', row.name);
        throw error;
      }
    },

    rename(scope: WriteScope, classId: string, name: string) {
      requireClass(scope, classId);
      try {
        scope.db.run(scope.db.kysely.updateTable('classroom').set({ name, ...updateMark(scope) }).where('id', '=', classId));
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken('class in this facility', name);
        throw error;
      }
    },

    delete(scope: WriteScope, classIds: readonly string[]) {
      if (classIds.length === 0) return;
      const { db } = scope;
      const groups = db.all(db.kysely.selectFrom('learner_group').select('id').where('classroom_id', 'in', idList(classIds))).map((row) => row.id);
      deleteGroups(scope, groups);
      memberships.deleteOfClasses(scope, classIds);
      roles.deleteOfClasses(scope, classIds);
      recordDeletions(scope, 'classroom', { ids: classIds }, 'deleted');
      db.run(db.kysely.deleteFrom('classroom').where('id', 'in', idList(classIds)));
    },

    setLearners(scope: WriteScope, classId: string, userIds: readonly string[]) {
      const classRow = requireClass(scope, classId);
      checkUsers(scope, classRow, userIds, 'userIds', false);
      setMembers(scope, classRow, null, userIds);
    },

    setCoaches(scope: WriteScope, classId: string, userIds: readonly string[]) {
      const classRow = requireClass(scope, classId);
      checkUsers(scope, classRow, userIds, 'userIds', true);
      const rows = roles.coachesOf(scope, classId);
      const wanted = new Set(userIds);
      const have = new Set(rows.map((row) => row.userId));
      roles.delete(scope, rows.filter((row) => !wanted.has(row.userId)).map((row) => row.id));
      const added = [...wanted].filter((id) => !have.has(id));
      roles.insert(
        scope,
        added.map((userId) => ({ userId, facilityId: classRow.facilityId, classroomId: classId, datasetId: classRow.datasetId, kind: 'coach' as const })),
      );
    },

    createGroup(scope: WriteScope, row: { readonly id: string; readonly classroomId: string; readonly name: string }) {
      const classRow = requireClass(scope, row.classroomId);
      try {
        scope.db.run(
          scope.db.kysely.insertInto('learner_group').values({
            id: row.id,
            classroom_id: classRow.id,
            facility_id: classRow.facilityId,
            dataset_id: classRow.datasetId,
            name: row.name,
            date_created: scope.now,
            ...insertMark(scope),
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw nameTaken('group in this class', row.name);
        throw error;
      }
    },

    deleteGroups,

    setGroupLearners(scope: WriteScope, groupId: string, userIds: readonly string[]) {
      const group = scope.db.first(scope.db.kysely.selectFrom('learner_group').select(['id', 'classroom_id']).where('id', '=', groupId));
      if (!group) throw new CoreError('NOT_FOUND', `No learner group with id "${groupId}".`);
      const classRow = requireClass(scope, group.classroom_id);
      const learners = new Set(
        scope.db
          .all(scope.db.kysely.selectFrom('membership').select('user_id').where('classroom_id', '=', classRow.id).where('learner_group_id', 'is', null))
          .map((row) => row.user_id),
      );
      const outside = userIds.filter((id) => !learners.has(id));
      if (outside.length > 0) throw invalidUsers('userIds', outside.map((id) => `User "${id}" is not a learner of this class`));
      setMembers(scope, classRow, groupId, userIds);
    },

    purgeFacility(scope: WriteScope, facilityId: string) {
      scope.db.run(scope.db.kysely.deleteFrom('learner_group').where('facility_id', '=', facilityId));
      scope.db.run(scope.db.kysely.deleteFrom('classroom').where('facility_id', '=', facilityId));
    },

    applySyncedClass(scope: WriteScope, row: SyncedClassRow) {
      const k = scope.db.kysely;
      scope.db.run(k.insertInto('classroom').values({ ...row, ...insertMark(scope) }).onConflict((c) => c.column('id').doUpdateSet({ name: row.name, ...updateMark(scope) })));
    },

    applySyncedGroup(scope: WriteScope, row: SyncedGroupRow) {
      const k = scope.db.kysely;
      scope.db.run(k.insertInto('learner_group').values({ ...row, ...insertMark(scope) }).onConflict((c) => c.column('id').doUpdateSet({ name: row.name, ...updateMark(scope) })));
    },
  });
}
