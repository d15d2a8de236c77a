import type { Logger } from '../../common/logger.js';
import { stageIndex, TRANSFER_STAGES, type TransferStage, type TransferStatus } from '../protocol/transfer-stage.js';

/** Where the persisted stage and status of one transfer are read and written. */
export interface StageState {
  read(): { readonly stage: TransferStage; readonly status: TransferStatus };
  write(stage: TransferStage, status: TransferStatus, error?: string | null): void;
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
 * Creates a controller over a transfer's persisted state (Morango's session controller). It owns
 * the state machine only; what a stage does on this device is `runStage` (the transfer plan's
 * steps for this side). The stage and its status are written before and after each run, so a
 * crash leaves the stage PENDING and the next `proceedTo` runs it again: steps are written to
 * resume (they skip what is done).
 */
export function createSessionController(options: {
  readonly state: StageState;
  /** Does this device's part of `stage` and answers the status it reached; throwing counts as ERRORED. */
  readonly runStage: (stage: TransferStage) => Promise<TransferStatus>;
  readonly logger: Logger;
}): SessionController {
  const { state, runStage, logger } = options;
  let lastError: unknown;

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
