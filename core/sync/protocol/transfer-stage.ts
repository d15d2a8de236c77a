/** The stages of a transfer session, in the only order they run. */
export const TRANSFER_STAGES = Object.freeze(['INITIALIZING', 'SERIALIZING', 'QUEUING', 'TRANSFERRING', 'DEQUEUING', 'DESERIALIZING', 'CLEANUP'] as const);

/** A stage of a transfer session. */
export type TransferStage = (typeof TRANSFER_STAGES)[number];

/**
 * Where a stage stands. PENDING: run it (again) on the next `proceedTo`. STARTED: a step
 * took it over and will record the outcome itself; do not run it again meanwhile. COMPLETED: done.
 * ERRORED: failed; stays so until someone deliberately retries.
 */
export type TransferStatus = 'PENDING' | 'STARTED' | 'COMPLETED' | 'ERRORED';

/** The position of a stage in `TRANSFER_STAGES`. */
export function stageIndex(stage: TransferStage): number {
  return TRANSFER_STAGES.indexOf(stage);
}

/** Whether `value` names a stage (for values read back from the database or the wire). */
export function isTransferStage(value: unknown): value is TransferStage {
  return typeof value === 'string' && (TRANSFER_STAGES as readonly string[]).includes(value);
}

/** Whether `value` names a status. */
export function isTransferStatus(value: unknown): value is TransferStatus {
  return value === 'PENDING' || value === 'STARTED' || value === 'COMPLETED' || value === 'ERRORED';
}
