import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { StageOperations } from '../controller/sync-operation.js';
import type { LocalContext, TransferContext } from '../controller/transfer-context.js';
import { NOT_MINE, type TransferStage } from '../controller/transfer-stage.js';
import type { SyncStore } from '../store/sync-store.js';

/** Thrown where a test kills the process. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash ${where}`);
    this.name = 'SimulatedCrash';
  }
}

// A store whose write transactions die after `commits` successful ones: the crash lands between
// two pages of the stage's work, with the earlier pages committed.
function dyingStore(store: SyncStore, commits: number, where: string): SyncStore {
  let left = commits;
  const db: SqliteDatabase<any> = {
    ...store.db,
    writeTransaction<T>(work: () => T): T {
      if (left === 0) throw new SimulatedCrash(where);
      left -= 1;
      return store.db.writeTransaction(work);
    },
  };
  return { ...store, db };
}

/**
 * A plug-in put in front of `stage` that, once, runs the stage's own operations in this device's
 * local context over a store that dies after `commits` committed transactions — or, if the stage
 * commits fewer, dies right after the stage's work, before COMPLETED is recorded.
 */
export function crashOnce(stage: TransferStage, direction: 'push' | 'pull', commits: number) {
  let armed = true;
  return (defaults: StageOperations<TransferContext>): StageOperations<TransferContext> =>
    Object.freeze({
      ...defaults,
      [stage]: Object.freeze([
        {
          name: `crash-in-${stage}`,
          async handle(context: TransferContext) {
            if (!armed || context.kind !== 'local' || context.transfer().direction !== direction) return NOT_MINE;
            armed = false;
            const where = `in ${stage} (${context.transfer().role}, ${direction})`;
            const dying: LocalContext = { ...context, engine: { ...context.engine, store: dyingStore(context.engine.store, commits, where) } };
            for (const operation of defaults[stage]) {
              const result = await operation.handle(dying);
              if (result !== NOT_MINE) break;
            }
            throw new SimulatedCrash(`after ${stage} (${context.transfer().role}, ${direction})`);
          },
        },
        ...defaults[stage],
      ]),
    });
}
