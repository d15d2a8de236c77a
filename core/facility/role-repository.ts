import type { WriteScope } from './facility-write-path.js';
import { idList } from '../db/id-list.js';
import { insertMark, recordDeletions, updateMark } from './sync-bookkeeping.js';

/** A role to grant: facility-level (`classroomId` null) or coach of a class. */
export interface NewRoleRow {
  readonly userId: string;
  readonly facilityId: string;
  readonly datasetId: string;
  readonly classroomId: string | null;
  readonly kind: 'admin' | 'coach';
}

/** A role as it arrives from a peer (or from an admin's choice in a sync conflict), with its own id. */
export interface SyncedRoleRow {
  readonly id: string;
  readonly user_id: string;
  readonly facility_id: string;
  readonly classroom_id: string | null;
  readonly dataset_id: string;
  readonly kind: 'admin' | 'coach';
}

/** A role as a write reads it. */
export interface RoleRow {
  readonly id: string;
  readonly userId: string;
  readonly kind: 'admin' | 'coach';
  readonly classroomId: string | null;
}

/**
 * The only writer of `role`. Every method runs inside a `FacilityWritePath.write` and keeps the
 * sync bookkeeping; the user, class and facility repositories and the sync applier call it.
 */
export interface RoleRepository {
  /** The roles of one user. */
  ofUser(scope: WriteScope, userId: string): RoleRow[];
  /** The coach roles of one class. */
  coachesOf(scope: WriteScope, classId: string): RoleRow[];
  /** Grants roles, each under a new id (multi-row INSERTs). */
  insert(scope: WriteScope, rows: readonly NewRoleRow[]): void;
  /** Deletes roles by id, recording each deletion as `deleted` for sync. */
  delete(scope: WriteScope, roleIds: readonly string[]): void;
  /** Deletes every role of these users, recorded as `hard` (a permanent user deletion). */
  deleteOfUsers(scope: WriteScope, userIds: readonly string[]): void;
  /** Deletes every coach role of these classes, recorded as `deleted`. */
  deleteOfClasses(scope: WriteScope, classIds: readonly string[]): void;
  /** Drops every role of a facility (or of its users) without a record each: the caller records the dataset purge. */
  purgeFacility(scope: WriteScope, facilityId: string): void;
  /**
   * Writes a peer's role. Two devices may grant the same role under different ids (twins): every
   * device keeps the twin with the smallest id, so all converge whatever order records arrive in.
   * An incoming role with a smaller id replaces the local twins; one with a larger id is left out.
   */
  applySynced(scope: WriteScope, row: SyncedRoleRow): void;
}


/** Creates the role repository; `newId` makes the ids of new rows. */
export function createRoleRepository(options: { readonly newId: () => string }): RoleRepository {
  const { newId } = options;
  const toRow = (row: { id: string; user_id: string; kind: 'admin' | 'coach'; classroom_id: string | null }): RoleRow => ({
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    classroomId: row.classroom_id,
  });

  return Object.freeze({
    ofUser(scope: WriteScope, userId: string) {
      return scope.db.all(scope.db.kysely.selectFrom('role').select(['id', 'user_id', 'kind', 'classroom_id']).where('user_id', '=', userId)).map(toRow);
    },

    coachesOf(scope: WriteScope, classId: string) {
      return scope.db
        .all(scope.db.kysely.selectFrom('role').select(['id', 'user_id', 'kind', 'classroom_id']).where('classroom_id', '=', classId).where('kind', '=', 'coach'))
        .map(toRow);
    },

    insert(scope: WriteScope, rows: readonly NewRoleRow[]) {
      const mark = insertMark(scope);
      scope.db.insertRows(
        'role',
        rows.map((row) => ({ id: newId(), user_id: row.userId, facility_id: row.facilityId, classroom_id: row.classroomId, dataset_id: row.datasetId, kind: row.kind, ...mark })),
      );
    },

    delete(scope: WriteScope, roleIds: readonly string[]) {
      if (roleIds.length === 0) return;
      recordDeletions(scope, 'role', { ids: roleIds }, 'deleted');
      scope.db.run(scope.db.kysely.deleteFrom('role').where('id', 'in', idList(roleIds)));
    },

    deleteOfUsers(scope: WriteScope, userIds: readonly string[]) {
      if (userIds.length === 0) return;
      recordDeletions(scope, 'role', { column: 'user_id', ids: userIds }, 'hard');
      scope.db.run(scope.db.kysely.deleteFrom('role').where('user_id', 'in', idList(userIds)));
    },

    deleteOfClasses(scope: WriteScope, classIds: readonly string[]) {
      if (classIds.length === 0) return;
      recordDeletions(scope, 'role', { column: 'classroom_id', ids: classIds }, 'deleted');
      scope.db.run(scope.db.kysely.deleteFrom('role').where('classroom_id', 'in', idList(classIds)));
    },

    purgeFacility(scope: WriteScope, facilityId: string) {
      const k = scope.db.kysely;
      const users = k.selectFrom('facility_user').select('id').where('facility_id', '=', facilityId);
      scope.db.run(k.deleteFrom('role').where((eb) => eb.or([eb('facility_id', '=', facilityId), eb('user_id', 'in', users)])));
    },

    applySynced(scope: WriteScope, row: SyncedRoleRow) {
      const { db } = scope;
      const k = db.kysely;
      let twins = k.selectFrom('role').select('id').where('user_id', '=', row.user_id).where('kind', '=', row.kind).where('id', '!=', row.id);
      twins = row.classroom_id === null ? twins.where('classroom_id', 'is', null) : twins.where('classroom_id', '=', row.classroom_id);
      const found = db.all(twins);
      if (found.some((twin) => twin.id < row.id)) return;
      // A twin is replaced, not deleted: the peer that granted it converges on the same row, so no deletion travels.
      if (found.length > 0) db.run(k.deleteFrom('role').where('id', 'in', found.map((twin) => twin.id)));
      db.run(k.insertInto('role').values({ ...row, ...insertMark(scope) }).onConflict((c) => c.column('id').doUpdateSet({ kind: row.kind, ...updateMark(scope) })));
    },
  });
}
