import { CoreError } from '../common/core-error.js';
import type { Clock } from '../common/clock.js';
import { createEmitter, type Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { UserDeletionReason, UsersDeletedEvent, UsersPurgedEvent } from './facility-records.js';
import type { FacilitySchema } from './facility-schema.js';

/** Where a write comes from: this device, or a peer's records applied by the sync deserializer. */
export type WriteOrigin = 'local' | 'sync';

/** How a write is announced and bookkept. */
export interface WriteOptions {
  /** The reason `onDidDeleteUsers` reports for the users this write deletes. */
  readonly reason: UserDeletionReason;
  /** `local` (default) marks rows dirty and records deletions for sync; `sync` does neither. */
  readonly origin?: WriteOrigin;
}

/** What a repository write sees while its transaction is open. */
export interface WriteScope {
  readonly db: SqliteDatabase<FacilitySchema>;
  readonly origin: WriteOrigin;
  /** The write's one timestamp (ISO), so every row of it carries the same time. */
  readonly now: string;
  /** Reports users who became deleted by this write (never those who already were). */
  usersBecameDeleted(userIds: readonly string[]): void;
  /** Reports users whose rows this write removes for good, whether or not they were soft-deleted before. */
  usersBecamePurged(userIds: readonly string[]): void;
}

/**
 * The single way facility tables are written: one synchronous write transaction, after whose
 * commit the users it deleted are announced once. Nothing is announced for a rolled-back write.
 */
export interface FacilityWritePath {
  /** Runs `work` in one BEGIN IMMEDIATE transaction; fires `onDidDeleteUsers` once after commit if users became deleted. */
  write<T>(options: WriteOptions, work: (scope: WriteScope) => T): T;
  /** Fires after each committed write that deleted users. */
  onDidDeleteUsers(listener: (event: UsersDeletedEvent) => void): Disposer;
  /** Fires after each committed write that removed users' rows for good. */
  onDidPurgeUsers(listener: (event: UsersPurgedEvent) => void): Disposer;
  /**
   * Runs `step` at the end of every local write, inside its transaction, after the write's own
   * work (the sync engine keeps its store current with it, issue 14). If it throws, the write
   * rolls back. One step at a time: setting another replaces it; the disposer removes it.
   */
  beforeLocalCommit(step: () => void): Disposer;
}

/** Creates the write path over the facility database. */
export function createFacilityWritePath(options: {
  readonly db: SqliteDatabase<FacilitySchema>;
  readonly clock: Clock;
  readonly logger: Logger;
}): FacilityWritePath {
  const { db, clock, logger } = options;
  const deleted = createEmitter<UsersDeletedEvent>((error) => logger.error('A listener of onDidDeleteUsers failed', error));
  const purged = createEmitter<UsersPurgedEvent>((error) => logger.error('A listener of onDidPurgeUsers failed', error));
  let writing = false;
  let localStep: (() => void) | undefined;

  return Object.freeze({
    write<T>({ reason, origin = 'local' }: WriteOptions, work: (scope: WriteScope) => T): T {
      // A nested write would announce its deletions before the outer transaction commits.
      if (writing) throw CoreError.bug('Facility writes do not nest; pass the WriteScope down instead.');
      const becameDeleted = new Set<string>();
      const becamePurged = new Set<string>();
      const scope: WriteScope = {
        db,
        origin,
        now: new Date(clock.now()).toISOString(),
        usersBecameDeleted(userIds) {
          for (const id of userIds) becameDeleted.add(id);
        },
        usersBecamePurged(userIds) {
          for (const id of userIds) becamePurged.add(id);
        },
      };
      writing = true;
      let result: T;
      try {
        result = db.writeTransaction(() => {
          const value = work(scope);
          if (origin === 'local') localStep?.();
          return value;
        });
      } finally {
        writing = false;
      }
      // Only here, after COMMIT: a listener never sees a deletion that could still roll back.
      if (becameDeleted.size > 0) deleted.fire(Object.freeze({ userIds: Object.freeze([...becameDeleted]), reason }));
      if (becamePurged.size > 0) purged.fire(Object.freeze({ userIds: Object.freeze([...becamePurged]) }));
      return result;
    },
    onDidDeleteUsers: deleted.on,
    onDidPurgeUsers: purged.on,
    beforeLocalCommit(step: () => void): Disposer {
      localStep = step;
      return () => {
        if (localStep === step) localStep = undefined;
      };
    },
  });
}
