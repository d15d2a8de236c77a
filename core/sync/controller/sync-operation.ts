import type { OperationResult, TransferStage } from './transfer-stage.js';

/**
 * One step of a stage. It looks at the context and either answers `NOT_MINE`, so that the next
 * operation of the stage is asked, or does its work and answers a status. Throwing counts as ERRORED.
 */
export interface SyncOperation<Context> {
  /** For logs and error messages. */
  readonly name: string;
  handle(context: Context): OperationResult | Promise<OperationResult>;
}

/**
 * The operations of every stage, in the order they are asked (a chain of responsibility). It is
 * configuration: a plug-in puts its operation in front of a stage's list to take that stage over.
 */
export type StageOperations<Context> = Readonly<Record<TransferStage, readonly SyncOperation<Context>[]>>;

/** A copy of `operations` with `operation` asked first at `stage`. */
export function withOperationFirst<Context>(operations: StageOperations<Context>, stage: TransferStage, operation: SyncOperation<Context>): StageOperations<Context> {
  return Object.freeze({ ...operations, [stage]: Object.freeze([operation, ...operations[stage]]) });
}
