import type { WriteScope } from './facility-write-path.js';
import { idList } from '../db/id-list.js';
import { insertMark, recordDeletions } from './sync-bookkeeping.js';

/** A membership to add: in a class (`learnerGroupId` null) or in one of its groups. */
export interface NewMembershipRow {
  readonly userId: string;
  readonly classroomId: string;
  readonly learnerGroupId: string | null;
  readonly datasetId: string;
}

/** A membership as it arrives from a peer, with its own id. */
export interface SyncedMembershipRow {
  readonly id: string;
  readonly user_id: string;
  readonly classroom_id: string;
  readonly learner_group_id: string | null;
  readonly dataset_id: string;
}

/** A membership as a write reads it. */
export interface MembershipRow {
  readonly id: string;
  readonly userId: string;
}

/**
 * The only writer of `membership`. Every method runs inside a `FacilityWritePath.write` and keeps
 * the sync bookkeeping; the user, class and facility repositories and the sync applier call it.
 */
export interface MembershipRepository {
  /** The memberships of a class itself (`groupId` null) or of one of its groups. */
  of(scope: WriteScope, classId: string, groupId: string | null): MembershipRow[];
  /** The group memberships, in this class, of these users. */
  groupMembershipsOf(scope: WriteScope, classId: string, userIds: readonly string[]): MembershipRow[];
  /** Adds memberships, each under a new id. */
  insert(scope: WriteScope, rows: readonly NewMembershipRow[]): void;
  /** Deletes memberships by id, recorded as `deleted`. */
  delete(scope: WriteScope, membershipIds: readonly string[]): void;
  /** Deletes every membership of these users, recorded as `hard` (a permanent user deletion). */
  deleteOfUsers(scope: WriteScope, userIds: readonly string[]): void;
  /** Deletes every membership of these classes, recorded as `deleted`. */
  deleteOfClasses(scope: WriteScope, classIds: readonly string[]): void;
  /** Deletes every membership of these learner groups, recorded as `deleted`. */
  deleteOfGroups(scope: WriteScope, groupIds: readonly string[]): void;
  /** Drops every membership of a facility's classes or users without a record each: the caller records the dataset purge. */
  purgeFacility(scope: WriteScope, facilityId: string): void;
  /**
   * Writes a peer's membership. Twins (the same membership under another id) converge on the
   * smallest id, as for roles: a smaller incoming id replaces the local twins, a larger one is left out.
   */
  applySynced(scope: WriteScope, row: SyncedMembershipRow): void;
  /**
   * Writes a page of a peer's memberships in multi-row INSERTs (a first import holds nearly only
   * new ones). A twin hits the natural-key unique index and throws: the caller then applies the
   * page one record at a time through `applySynced`.
   */
  insertSynced(scope: WriteScope, rows: readonly SyncedMembershipRow[]): void;
}


/** Creates the membership repository; `newId` makes the ids of new rows. */
export function createMembershipRepository(options: { readonly newId: () => string }): MembershipRepository {
  const { newId } = options;
  const toRow = (row: { id: string; user_id: string }): MembershipRow => ({ id: row.id, userId: row.user_id });

  return Object.freeze({
    of(scope: WriteScope, classId: string, groupId: string | null) {
      let query = scope.db.kysely.selectFrom('membership').select(['id', 'user_id']).where('classroom_id', '=', classId);
      query = groupId === null ? query.where('learner_group_id', 'is', null) : query.where('learner_group_id', '=', groupId);
      return scope.db.all(query).map(toRow);
    },

    groupMembershipsOf(scope: WriteScope, classId: string, userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      return scope.db
        .all(
          scope.db.kysely
            .selectFrom('membership')
            .select(['id', 'user_id'])
            .where('classroom_id', '=', classId)
            .where('learner_group_id', 'is not', null)
            .where('user_id', 'in', idList(userIds)),
        )
        .map(toRow);
    },

    insert(scope: WriteScope, rows: readonly NewMembershipRow[]) {
      const mark = insertMark(scope);
      scope.db.insertRows(
        'membership',
        rows.map((row) => ({ id: newId(), user_id: row.userId, classroom_id: row.classroomId, learner_group_id: row.learnerGroupId, dataset_id: row.datasetId, ...mark })),
      );
    },

    delete(scope: WriteScope, membershipIds: readonly string[]) {
      if (membershipIds.length === 0) return;
      recordDeletions(scope, 'membership', { ids: membershipIds }, 'deleted');
      scope.db.run(scope.db.kysely.deleteFrom('membership').where('id', 'in', idList(membershipIds)));
    },

    deleteOfUsers(scope: WriteScope, userIds: readonly string[]) {
      if (userIds.length === 0) return;
      recordDeletions(scope, 'membership', { column: 'user_id', ids: userIds }, 'hard');
      scope.db.run(scope.db.kysely.deleteFrom('membership').where('user_id', 'in', idList(userIds)));
    },

    deleteOfClasses(scope: WriteScope, classIds: readonly string[]) {
      if (classIds.length === 0) return;
      recordDeletions(scope, 'membership', { column: 'classroom_id', ids: classIds }, 'deleted');
      scope.db.run(scope.db.kysely.deleteFrom('membership').where('classroom_id', 'in', idList(classIds)));
    },

    deleteOfGroups(scope: WriteScope, groupIds: readonly string[]) {
      if (groupIds.length === 0) return;
      recordDeletions(scope, 'membership', { column: 'learner_group_id', ids: groupIds }, 'deleted');
      scope.db.run(scope.db.kysely.deleteFrom('membership').where('learner_group_id', 'in', idList(groupIds)));
    },

    purgeFacility(scope: WriteScope, facilityId: string) {
      const k = scope.db.kysely;
      const classes = k.selectFrom('classroom').select('id').where('facility_id', '=', facilityId);
      const users = k.selectFrom('facility_user').select('id').where('facility_id', '=', facilityId);
      scope.db.run(k.deleteFrom('membership').where((eb) => eb.or([eb('classroom_id', 'in', classes), eb('user_id', 'in', users)])));
    },

    applySynced(scope: WriteScope, row: SyncedMembershipRow) {
      const { db } = scope;
      const k = db.kysely;
      let twins = k.selectFrom('membership').select('id').where('user_id', '=', row.user_id).where('classroom_id', '=', row.classroom_id).where('id', '!=', row.id);
      twins = row.learner_group_id === null ? twins.where('learner_group_id', 'is', null) : twins.where('learner_group_id', '=', row.learner_group_id);
      const found = db.all(twins);
      if (found.some((twin) => twin.id < row.id)) return;
      // A twin is replaced, not deleted: the peer that added it converges on the same row, so no deletion travels.
      if (found.length > 0) db.run(k.deleteFrom('membership').where('id', 'in', found.map((twin) => twin.id)));
      db.run(k.insertInto('membership').values({ ...row, ...insertMark(scope) }).onConflict((c) => c.column('id').doNothing()));
    },

    insertSynced(scope: WriteScope, rows: readonly SyncedMembershipRow[]) {
      const mark = insertMark(scope);
      scope.db.insertRows(
        'membership',
        rows.map((row) => ({ id: row.id, user_id: row.user_id, classroom_id: row.classroom_id, learner_group_id: row.learner_group_id, dataset_id: row.dataset_id, ...mark })),
        { ignoreConflictOn: 'id' },
      );
    },
  });
}
