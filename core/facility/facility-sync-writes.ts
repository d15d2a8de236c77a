import type { Disposer } from '../common/events.js';
import type { JsonObject } from '../sync/model/json-value.js';
import type { ApplyOutcome, IncomingRecord } from '../sync/model/syncable-model.js';
import { LOCAL_WRITE, type FacilityInternals } from './facility-internals.js';
import type { FacilityModelName } from './sync-bookkeeping.js';
import { createSyncApplier } from './sync-apply.js';
import { describeUsernameClashes, type UsernameClash } from './user-administration.js';

/** What the sync engine's facility models write through: a peer's records, and an admin's choice in a conflict. */
export interface FacilitySyncWrites {
  /**
   * The sync deserializer's entry point: applies a peer's records of one model through the same
   * repositories, in one transaction, one savepoint per record. Users a record deletes are
   * signed out like any other deletion, after the commit. `inSameTransaction` gets the outcomes
   * before the write commits (the sync store's marks commit with the rows).
   */
  applyFromSync(modelName: FacilityModelName, records: readonly IncomingRecord[], inSameTransaction?: (outcomes: readonly ApplyOutcome[]) => void): readonly ApplyOutcome[];
  /**
   * Resolving a sync conflict: writes the value an admin chose as a new local edit, through the
   * repositories (so a removal it carries signs the user out), and runs `inSameTransaction` (the
   * sync store's new version) before the write commits.
   */
  applyChosenValue(modelName: FacilityModelName, data: JsonObject, inSameTransaction: () => void): void;
  /**
   * The sync engine keeps its store current: `serialize` runs inside every local facility write's
   * transaction, after the write, so the rows it made dirty are in the store when it commits
   * (and a sync has nothing left to serialize for them).
   */
  serializeEveryLocalWrite(serialize: () => void): Disposer;
}

/** One line naming up to ten held users, for the log. */
export function usernameClashSummary(clashes: readonly UsernameClash[]): string {
  return (
    clashes
      .slice(0, 10)
      .map((clash) => `"${clash.user.username}" (${clash.user.id}) beside "${clash.clashesWith?.username ?? '?'}" (${clash.clashesWith?.id ?? '?'})`)
      .join(', ') + (clashes.length > 10 ? ', …' : '')
  );
}

/** Creates the sync writes over the repositories (see `sync-apply.ts`). */
export function createFacilitySyncWrites(internals: FacilityInternals): FacilitySyncWrites {
  const { writePath, userQueries, logger } = internals;
  const syncApplier = createSyncApplier(internals.repositories);
  const clashSummary = usernameClashSummary;

  const service: FacilitySyncWrites = {
    serializeEveryLocalWrite: (serialize) => writePath.beforeLocalCommit(serialize),
    applyChosenValue(modelName, data, inSameTransaction) {
      writePath.write(LOCAL_WRITE, (scope) => {
        syncApplier.applyChosen(scope, modelName, data);
        inSameTransaction();
      });
    },

    applyFromSync(modelName, records, inSameTransaction) {
      const heldBefore = modelName === 'facilityuser' ? new Set(userQueries.usernameClashes().map((clash) => clash.userId)) : undefined;
      const outcomes = Object.freeze(
        writePath.write({ reason: 'user-deleted', origin: 'sync' }, (scope) => {
          const applied = syncApplier.apply(scope, modelName, records);
          inSameTransaction?.(applied);
          return applied;
        }),
      );
      if (heldBefore) {
        const fresh = userQueries.usernameClashes().filter((clash) => !heldBefore.has(clash.userId));
        if (fresh.length > 0) logger.warn(`Sync held ${fresh.length} user(s) whose username another user of the facility already has: ${clashSummary(describeUsernameClashes(internals, fresh))}.`);
      }
      return outcomes;
    },
  };
  return Object.freeze(service);
}
