import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { LocalContext } from '../controller/transfer-context.js';
import { runLocalSteps, type LocalStep, type StagePlan, type TransferPlan } from '../controller/transfer-plan.js';
import type { TransferStage } from '../protocol/transfer-stage.js';
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
 * A change to the transfer plan that, once, runs `stage`'s own local steps on this device over a
 * store that dies after `commits` committed transactions — or, if the stage commits fewer, dies
 * right after the stage's local work, before COMPLETED is recorded (even where this side has no
 * step in that stage). Later runs, and transfers the other way, run the stage as planned.
 */
export function crashOnce(stage: TransferStage, direction: 'push' | 'pull', commits: number) {
  let armed = true;
  return (defaults: TransferPlan): TransferPlan => {
    const own = defaults[stage];
    const crashing: LocalStep = async (context) => {
      if (!armed || context.transfer().direction !== direction) return runLocalSteps(own, context);
      armed = false;
      const where = `in ${stage} (${context.transfer().role}, ${direction})`;
      const dying: LocalContext = { ...context, engine: { ...context.engine, store: dyingStore(context.engine.store, commits, where) } };
      await runLocalSteps(own, dying);
      throw new SimulatedCrash(`after ${stage} (${context.transfer().role}, ${direction})`);
    };
    // Every local step of the stage is the crashing one, which runs the planned local steps itself.
    const stagePlan: StagePlan = own.client ? { sender: crashing, receiver: crashing, client: own.client } : { sender: crashing, receiver: crashing };
    return Object.freeze({ ...defaults, [stage]: Object.freeze(stagePlan) });
  };
}
