import type { LocalContext, NetworkContext } from './transfer-context.js';
import { isSender, type TransferRecord } from './transfer-store.js';
import type { TransferStage, TransferStatus } from '../protocol/transfer-stage.js';

/**
 * A step for this device's database. It answers the status it brought the stage to (COMPLETED, or
 * PENDING/STARTED to stop there); throwing counts as ERRORED. Steps are written to resume: a
 * crash leaves the stage PENDING and the step runs again, skipping what it did.
 */
export type LocalStep = (context: LocalContext) => TransferStatus | Promise<TransferStatus>;

/** The client's step towards the peer, through the transport. */
export type NetworkStep = (context: NetworkContext) => Promise<TransferStatus>;

/**
 * Who does what in one stage. A device runs, in this order: its `sender` or `receiver` step (by
 * which way the records flow for it), then its `server` step if it serves the transfer, or its
 * `client` step if it runs it. A missing step means that side has nothing to do in the stage.
 */
export interface StagePlan {
  /** This device's database when it sends the records (the client of a push, the server of a pull). */
  readonly sender?: LocalStep;
  /** This device's database when it receives them (the server of a push, the client of a pull). */
  readonly receiver?: LocalStep;
  /** The server only, after its sender or receiver step. */
  readonly server?: LocalStep;
  /** The client only, after its sender or receiver step: what it asks of the peer. */
  readonly client?: NetworkStep;
}

/** The steps of every stage, for every side of a transfer: the whole engine of one transfer, as data. */
export type TransferPlan = Readonly<Record<TransferStage, StagePlan>>;

/** The local steps `transfer` runs on this device in a stage, in order (none: nothing to do). */
export function localStepsOf(stage: StagePlan, transfer: Pick<TransferRecord, 'role' | 'direction'>): readonly LocalStep[] {
  const flow = isSender(transfer) ? stage.sender : stage.receiver;
  const role = transfer.role === 'server' ? stage.server : undefined;
  return [flow, role].filter((step): step is LocalStep => step !== undefined);
}

/** Runs the local steps of a stage in order; the first that does not complete stops the stage there. */
export async function runLocalSteps(stage: StagePlan, context: LocalContext): Promise<TransferStatus> {
  for (const step of localStepsOf(stage, context.transfer())) {
    const status = await step(context);
    if (status !== 'COMPLETED') return status;
  }
  return 'COMPLETED';
}
