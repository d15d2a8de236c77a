import type { Logger } from '../../common/logger.js';
import { createSessionController, type SessionController } from './session-controller.js';
import type { SyncProgress } from './sync-progress.js';
import type { LocalContext, LocalEngine, RemoteTransfer } from './transfer-context.js';
import { runLocalSteps, type TransferPlan } from './transfer-plan.js';
import type { TransferRecord, TransferStore } from './transfer-store.js';

/** Builds the controller of a transfer, on either side. */
export interface TransferDriver {
  /** The server's controller (local steps only), or the client's when `remote` is given (local steps, then its network step). */
  controllerFor(transferId: string, remote?: RemoteTransfer): SessionController;
}

/** The progress event of a transfer record. */
export function progressOf(transfer: TransferRecord): SyncProgress {
  return Object.freeze({
    transferId: transfer.id,
    syncSessionId: transfer.syncSessionId,
    direction: transfer.direction,
    role: transfer.role,
    stage: transfer.stage,
    status: transfer.status,
    recordsDone: transfer.recordsDone,
    recordsTotal: transfer.recordsTotal,
  });
}

/** Creates the driver over this device's engine and transfer store, running `plan`'s steps. */
export function createTransferDriver(options: {
  readonly engine: LocalEngine;
  readonly transfers: TransferStore;
  readonly plan: TransferPlan;
  readonly logger: Logger;
  readonly onProgress: (progress: SyncProgress) => void;
}): TransferDriver {
  const { engine, transfers, plan, logger, onProgress } = options;
  return Object.freeze({
    controllerFor(transferId: string, remote?: RemoteTransfer) {
      const read = () => {
        const transfer = transfers.getTransfer(transferId);
        if (!transfer) throw new Error(`Transfer ${transferId} does not exist on this device.`);
        return transfer;
      };
      const local: LocalContext = Object.freeze({
        transferId,
        engine,
        transfers,
        transfer: read,
        update: (patch: Parameters<TransferStore['updateTransfer']>[1]) => transfers.updateTransfer(transferId, patch),
        reportProgress: () => onProgress(progressOf(read())),
      });
      const network = remote && Object.freeze({ ...local, remote });
      return createSessionController({
        logger,
        runStage: async (stage) => {
          const status = await runLocalSteps(plan[stage], local);
          // The client asks the peer only once its own part of the stage is done.
          const client = plan[stage].client;
          if (status !== 'COMPLETED' || !network || !client) return status;
          return client(network);
        },
        state: {
          read: () => {
            const { stage, status } = read();
            return { stage, status };
          },
          write: (stage, status, error) => {
            const transfer = transfers.updateTransfer(transferId, error === undefined ? { stage, status } : { stage, status, error });
            onProgress(progressOf(transfer));
          },
        },
      });
    },
  });
}
