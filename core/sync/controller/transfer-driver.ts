import type { Logger } from '../../common/logger.js';
import { createSessionController, type SessionController } from './session-controller.js';
import type { TransferStore, TransferRecord } from './transfer-store.js';
import type { SyncProgress } from './sync-progress.js';
import type { StageOperations } from './sync-operation.js';
import type { LocalContext, LocalEngine, NetworkContext, RemoteTransfer, TransferContext } from './transfer-context.js';

/** Builds the controller of a transfer, on either side. */
export interface TransferDriver {
  /** The server's controller (local context only), or the client's when `remote` is given (local, then network). */
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

/** Creates the driver over this device's engine and transfer store. */
export function createTransferDriver(options: {
  readonly engine: LocalEngine;
  readonly transfers: TransferStore;
  readonly operations: StageOperations<TransferContext>;
  readonly logger: Logger;
  readonly onProgress: (progress: SyncProgress) => void;
}): TransferDriver {
  const { engine, transfers, operations, logger, onProgress } = options;
  return Object.freeze({
    controllerFor(transferId: string, remote?: RemoteTransfer) {
      const read = () => {
        const transfer = transfers.getTransfer(transferId);
        if (!transfer) throw new Error(`Transfer ${transferId} does not exist on this device.`);
        return transfer;
      };
      const base = {
        transferId,
        engine,
        transfers,
        transfer: read,
        update: (patch: Parameters<TransferStore['updateTransfer']>[1]) => transfers.updateTransfer(transferId, patch),
        reportProgress: () => onProgress(progressOf(read())),
      };
      const local: LocalContext = Object.freeze({ ...base, kind: 'local' });
      const contexts: TransferContext[] = [local];
      if (remote) contexts.push(Object.freeze({ ...base, kind: 'network', remote }) satisfies NetworkContext);
      return createSessionController<TransferContext>({
        logger,
        operations,
        state: {
          contexts,
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
