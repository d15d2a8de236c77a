import type { Logger } from '../../common/logger.js';
import type { StageOperations, SyncOperation } from './sync-operation.js';
import { NOT_MINE, stageIndex, TRANSFER_STAGES, type TransferStage, type TransferStatus } from './transfer-stage.js';

/** Where the persisted stage and status of one transfer are read and written. */
export interface StageState<Context> {
  read(): { readonly stage: TransferStage; readonly status: TransferStatus };
  write(stage: TransferStage, status: TransferStatus, error?: string | null): void;
  /** The contexts of this device for the transfer, in the order each stage visits them. */
  readonly contexts: readonly Context[];
}

/** Drives one transfer through its stages. */
export interface SessionController {
  /**
   * Runs the stages from where the transfer stands up to and including `stage`, and answers the
   * status reached. Never moves backwards (a stage already passed answers COMPLETED at once), and
   * answers at once with the current status while it is STARTED or ERRORED.
   */
  proceedTo(stage: TransferStage): Promise<TransferStatus>;
  /** What the last failing operation threw, for the caller to report. */
  readonly lastError: unknown;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates a controller over a transfer's persisted state and the stage operations (Morango's
 * session controller). Each stage asks its operations in order, per context, until one answers
 * something other than NOT_MINE; a stage nobody handles is an error. The stage and its status are
 * written before and after each run, so a crash leaves the stage PENDING and the next
 * `proceedTo` runs it again: operations are written to resume (they skip what is done).
 */
export function createSessionController<Context extends { readonly kind: string }>(options: {
  readonly state: StageState<Context>;
  readonly operations: StageOperations<Context>;
  readonly logger: Logger;
}): SessionController {
  const { state, operations, logger } = options;
  let lastError: unknown;

  const runChain = async (stage: TransferStage, context: Context): Promise<TransferStatus> => {
    const chain: readonly SyncOperation<Context>[] = operations[stage];
    for (const operation of chain) {
      const result = await operation.handle(context);
      if (result !== NOT_MINE) return result;
    }
    throw new Error(`No operation handles stage ${stage} in the ${context.kind} context.`);
  };

  const runStage = async (stage: TransferStage): Promise<TransferStatus> => {
    for (const context of state.contexts) {
      const status = await runChain(stage, context);
      if (status !== 'COMPLETED') return status;
    }
    return 'COMPLETED';
  };

  return {
    async proceedTo(target: TransferStage) {
      const current = state.read();
      if (stageIndex(current.stage) > stageIndex(target)) return 'COMPLETED';
      if (current.status === 'STARTED' || current.status === 'ERRORED') return current.status;
      for (let index = stageIndex(current.stage); index <= stageIndex(target); index++) {
        const stage = TRANSFER_STAGES[index]!;
        if (stage === current.stage && current.status === 'COMPLETED') continue;
        state.write(stage, 'PENDING', null);
        let status: TransferStatus;
        try {
          status = await runStage(stage);
        } catch (error) {
          lastError = error;
          logger.warn(`Sync stage ${stage} failed: ${describe(error)}`);
          state.write(stage, 'ERRORED', describe(error));
          return 'ERRORED';
        }
        state.write(stage, status);
        if (status !== 'COMPLETED') return status;
      }
      return 'COMPLETED';
    },
    get lastError() {
      return lastError;
    },
  };
}
