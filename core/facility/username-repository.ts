import { CoreError } from '../common/core-error.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { FacilitySchema } from './facility-schema.js';
import type { WriteScope } from './facility-write-path.js';
import { idList } from '../db/id-list.js';
import { usernameKey, usernameSkeleton } from './username-key.js';

/** An existing user a candidate username would collide with. */
export interface UsernameConflict {
  /** The candidate as given. */
  readonly candidate: string;
  /** The existing user's username. */
  readonly username: string;
  readonly removed: boolean;
  /** True when the two only look alike (same skeleton, different key); false for the same name. */
  readonly lookAlike: boolean;
}

/**
 * Every collision of these candidate usernames with the facility's users: the same key as a user
 * who holds it, or the same look-alike skeleton as any user under another key. `exceptUserId` is
 * the user being renamed. Read-only, so a CSV import can ask before it hashes passwords.
 */
export function findUsernameConflicts(db: SqliteDatabase<FacilitySchema>, facilityId: string, candidates: readonly string[], exceptUserId?: string): UsernameConflict[] {
  if (candidates.length === 0) return [];
  const keyed = candidates.map((candidate) => ({ candidate, key: usernameKey(candidate), skeleton: usernameSkeleton(candidate) }));
  // Two look-ups, each a seek on its own index (one OR would scan the facility's keys).
  const select = () => {
    let query = db.kysely
      .selectFrom('facility_username as n')
      .innerJoin('facility_user as u', 'u.id', 'n.user_id')
      .select(['n.username_key', 'n.skeleton', 'u.username', 'u.date_deleted'])
      .where('n.facility_id', '=', facilityId);
    if (exceptUserId !== undefined) query = query.where('n.user_id', '!=', exceptUserId);
    return query;
  };
  // Only holders: a held user's key always has a holder, who is the one to report.
  const holders = db.all(select().where('n.clash_with', 'is', null).where('n.username_key', 'in', idList(keyed.map((each) => each.key))));
  const lookAlikes = db.all(select().where('n.skeleton', 'in', idList(keyed.map((each) => each.skeleton))));
  const byKey = new Map(holders.map((row) => [row.username_key, row]));
  const bySkeleton = new Map<string, (typeof lookAlikes)[number][]>();
  for (const row of lookAlikes) bySkeleton.set(row.skeleton, [...(bySkeleton.get(row.skeleton) ?? []), row]);
  const conflicts: UsernameConflict[] = [];
  for (const { candidate, key, skeleton } of keyed) {
    const same = byKey.get(key);
    const alike = same ? undefined : bySkeleton.get(skeleton)?.find((row) => row.username_key !== key);
    const found = same ?? alike;
    if (found) conflicts.push({ candidate, username: found.username, removed: found.date_deleted !== null, lookAlike: same === undefined });
  }
  return conflicts;
}

/** The CONFLICT a local write answers for a username collision, with the `username` field named. */
export function usernameConflictError(conflict: UsernameConflict): CoreError {
  if (conflict.lookAlike) {
    return new CoreError('CONFLICT', `The username "${conflict.candidate}" looks like "${conflict.username}", which this facility already has; choose another.`, [
      { path: 'username', message: `Looks like the existing username "${conflict.username}"` },
    ]);
  }
  const message = conflict.removed
    ? `The username "${conflict.candidate}" belongs to a removed user of this facility; restore or permanently delete that user first.`
    : `The username "${conflict.candidate}" is already taken in this facility.`;
  return new CoreError('CONFLICT', message, [{ path: 'username', message: conflict.removed ? 'Taken by a removed user' : 'Already taken' }]);
}

/**
 * The only writer of `facility_username`, the device-local keys of usernames. The user repository
 * calls it in the same write as the user rows. Local writes check `findUsernameConflicts` first
 * and are refused; a peer's user whose key is taken is kept but held (see docs/facility.md).
 */
export interface UsernameRepository {
  /** Keys new users (rows already inserted), in order: one whose key is taken is held beside the holder. */
  add(scope: WriteScope, users: readonly { readonly id: string; readonly facilityId: string; readonly username: string }[]): void;
  /** Whether `username` has the user's current key (a change of case or form only: nothing to check). */
  hasKey(scope: WriteScope, userId: string, username: string): boolean;
  /** Re-keys a renamed user: held if another user holds the new key; its old key goes to whoever waited for it. */
  rename(scope: WriteScope, userId: string, username: string): void;
  /** Forgets the keys of users about to be deleted, releasing the users held behind them. */
  remove(scope: WriteScope, userIds: readonly string[]): void;
  /** Forgets every key of a facility about to be deleted. */
  removeFacility(scope: WriteScope, facilityId: string): void;
}

/** Creates the username key repository. */
export function createUsernameRepository(): UsernameRepository {
  const holders = (scope: WriteScope, facilityId: string, keys: readonly string[]) =>
    new Map(
      scope.db
        .all(
          scope.db.kysely
            .selectFrom('facility_username')
            .select(['user_id', 'username_key'])
            .where('facility_id', '=', facilityId)
            .where('clash_with', 'is', null)
            .where('username_key', 'in', idList(keys)),
        )
        .map((row) => [row.username_key, row.user_id]),
    );

  const held = (scope: WriteScope, holder: string) => {
    // A local write was checked before it came here: a clash now is a race the check missed.
    if (scope.origin !== 'sync') throw new CoreError('CONFLICT', 'That username is already taken in this facility.', [{ path: 'username', message: 'Already taken' }]);
    return { clash_with: holder, clash_source: 'sync' as const, clash_at: scope.now };
  };

  // The earliest-created user waiting for the key gets it; the others now wait behind that one.
  const releaseKey = (scope: WriteScope, facilityId: string, key: string) => {
    const { db } = scope;
    if (holders(scope, facilityId, [key]).size > 0) return;
    const waiting = db.all(
      db.kysely
        .selectFrom('facility_username as n')
        .innerJoin('facility_user as u', 'u.id', 'n.user_id')
        .select('n.user_id')
        .where('n.facility_id', '=', facilityId)
        .where('n.username_key', '=', key)
        .where('n.clash_with', 'is not', null)
        .orderBy('u.date_created')
        .orderBy('u.id'),
    );
    const [first, ...rest] = waiting.map((row) => row.user_id);
    if (first === undefined) return;
    db.run(db.kysely.updateTable('facility_username').set({ clash_with: null, clash_source: null, clash_at: null }).where('user_id', '=', first));
    if (rest.length > 0) db.run(db.kysely.updateTable('facility_username').set({ clash_with: first }).where('user_id', 'in', idList(rest)));
  };

  return Object.freeze({
    add(scope: WriteScope, users: readonly { readonly id: string; readonly facilityId: string; readonly username: string }[]) {
      if (users.length === 0) return;
      const keyed = users.map((user) => ({ ...user, key: usernameKey(user.username) }));
      const taken = new Map<string, string>();
      for (const facilityId of new Set(keyed.map((user) => user.facilityId))) {
        const inFacility = keyed.filter((user) => user.facilityId === facilityId).map((user) => user.key);
        for (const [key, holder] of holders(scope, facilityId, inFacility)) taken.set(`${facilityId}\u0000${key}`, holder);
      }
      const rows = keyed.map((user) => {
        const slot = `${user.facilityId}\u0000${user.key}`;
        const holder = taken.get(slot);
        if (holder === undefined) taken.set(slot, user.id);
        return {
          user_id: user.id,
          facility_id: user.facilityId,
          username_key: user.key,
          skeleton: usernameSkeleton(user.username),
          ...(holder === undefined ? { clash_with: null, clash_source: null, clash_at: null } : held(scope, holder)),
        };
      });
      scope.db.insertRows('facility_username', rows);
    },

    hasKey(scope: WriteScope, userId: string, username: string) {
      const current = scope.db.first(scope.db.kysely.selectFrom('facility_username').select('username_key').where('user_id', '=', userId));
      return current?.username_key === usernameKey(username);
    },

    rename(scope: WriteScope, userId: string, username: string) {
      const { db } = scope;
      const current = db.first(db.kysely.selectFrom('facility_username').select(['facility_id', 'username_key', 'clash_with']).where('user_id', '=', userId));
      if (!current) throw CoreError.bug(`User ${userId} has no username key.`);
      const key = usernameKey(username);
      if (key === current.username_key) return;
      const holder = holders(scope, current.facility_id, [key]).get(key);
      db.run(
        db.kysely
          .updateTable('facility_username')
          .set({ username_key: key, skeleton: usernameSkeleton(username), ...(holder === undefined ? { clash_with: null, clash_source: null, clash_at: null } : held(scope, holder)) })
          .where('user_id', '=', userId),
      );
      if (current.clash_with === null) releaseKey(scope, current.facility_id, current.username_key);
    },

    remove(scope: WriteScope, userIds: readonly string[]) {
      if (userIds.length === 0) return;
      const { db } = scope;
      const rows = db.all(db.kysely.selectFrom('facility_username').select(['facility_id', 'username_key', 'clash_with']).where('user_id', 'in', idList(userIds)));
      db.run(db.kysely.deleteFrom('facility_username').where('user_id', 'in', idList(userIds)));
      for (const row of rows) if (row.clash_with === null) releaseKey(scope, row.facility_id, row.username_key);
    },

    removeFacility(scope: WriteScope, facilityId: string) {
      scope.db.run(scope.db.kysely.deleteFrom('facility_username').where('facility_id', '=', facilityId));
    },
  });
}
