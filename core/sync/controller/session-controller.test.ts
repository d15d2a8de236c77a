import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger.js';
import { createSessionController, type StageState } from './session-controller.js';
import { withOperationFirst, type StageOperations, type SyncOperation } from './sync-operation.js';
import { NOT_MINE, TRANSFER_STAGES, type OperationResult, type TransferStage, type TransferStatus } from './transfer-stage.js';

interface Ctx {
  readonly kind: 'local' | 'network';
}

/** A transfer's persisted state, in memory: what survives a "crash" is what `write` stored. */
function memoryState(contexts: Ctx[] = [{ kind: 'local' }]) {
  const saved = { stage: 'INITIALIZING' as TransferStage, status: 'PENDING' as TransferStatus, error: null as string | null };
  const writes: string[] = [];
  const state: StageState<Ctx> = {
    contexts,
    read: () => ({ stage: saved.stage, status: saved.status }),
    write(stage, status, error) {
      saved.stage = stage;
      saved.status = status;
      if (error !== undefined) saved.error = error;
      writes.push(`${stage}:${status}`);
    },
  };
  return { state, saved, writes };
}

/** Operations that log each call; `answer` decides what one answers. */
function recording(answer: (stage: TransferStage, ctx: Ctx) => OperationResult = () => 'COMPLETED') {
  const calls: string[] = [];
  const operations = Object.fromEntries(
    TRANSFER_STAGES.map((stage) => [
      stage,
      [
        {
          name: `op-${stage}`,
          handle(ctx: Ctx) {
            calls.push(`${stage}/${ctx.kind}`);
            return answer(stage, ctx);
          },
        } satisfies SyncOperation<Ctx>,
      ],
    ]),
  ) as unknown as StageOperations<Ctx>;
  return { operations, calls };
}

describe('SessionController', () => {
  it('runs the stages in order up to the one asked, and each stage for every context', async () => {
    const { state, saved } = memoryState([{ kind: 'local' }, { kind: 'network' }]);
    const { operations, calls } = recording();
    const controller = createSessionController({ state, operations, logger: silentLogger });
    expect(await controller.proceedTo('QUEUING')).toBe('COMPLETED');
    expect(calls).toEqual(['INITIALIZING/local', 'INITIALIZING/network', 'SERIALIZING/local', 'SERIALIZING/network', 'QUEUING/local', 'QUEUING/network']);
    expect(saved).toMatchObject({ stage: 'QUEUING', status: 'COMPLETED' });
    expect(await controller.proceedTo('CLEANUP')).toBe('COMPLETED');
    expect(calls.filter((c) => c.endsWith('/local')).map((c) => c.split('/')[0])).toEqual([...TRANSFER_STAGES]);
  });

  it('never moves backwards: a stage already passed answers COMPLETED without running anything', async () => {
    const { state, saved } = memoryState();
    const { operations, calls } = recording();
    const controller = createSessionController({ state, operations, logger: silentLogger });
    await controller.proceedTo('DEQUEUING');
    calls.length = 0;
    expect(await controller.proceedTo('SERIALIZING')).toBe('COMPLETED');
    expect(await controller.proceedTo('DEQUEUING')).toBe('COMPLETED');
    expect(calls).toEqual([]);
    expect(saved.stage).toBe('DEQUEUING');
  });

  it('asks the operations of a stage in order until one answers, and errs when none does', async () => {
    const { state, saved } = memoryState();
    const asked: string[] = [];
    const notMine = (name: string): SyncOperation<Ctx> => ({ name, handle: () => (asked.push(name), NOT_MINE) });
    let operations = recording().operations;
    operations = withOperationFirst(operations, 'SERIALIZING', notMine('second'));
    operations = withOperationFirst(operations, 'SERIALIZING', notMine('first'));
    const controller = createSessionController({ state, operations, logger: silentLogger });
    expect(await controller.proceedTo('SERIALIZING')).toBe('COMPLETED');
    expect(asked).toEqual(['first', 'second']);

    const nobody = { ...operations, QUEUING: [notMine('lonely')] };
    const stuck = createSessionController({ state, operations: nobody, logger: silentLogger });
    expect(await stuck.proceedTo('QUEUING')).toBe('ERRORED');
    expect(saved).toMatchObject({ stage: 'QUEUING', status: 'ERRORED', error: 'No operation handles stage QUEUING in the local context.' });
  });

  it('returns at once while a stage is STARTED, and goes on once its owner completes it', async () => {
    const { state, saved } = memoryState();
    const { operations, calls } = recording((stage) => (stage === 'TRANSFERRING' ? 'STARTED' : 'COMPLETED'));
    const controller = createSessionController({ state, operations, logger: silentLogger });
    expect(await controller.proceedTo('CLEANUP')).toBe('STARTED');
    const before = calls.length;
    expect(await controller.proceedTo('CLEANUP')).toBe('STARTED');
    expect(await controller.proceedTo('INITIALIZING')).toBe('COMPLETED');
    expect(calls.length).toBe(before);
    // The operation that took the stage over records its end.
    state.write('TRANSFERRING', 'COMPLETED');
    expect(await controller.proceedTo('CLEANUP')).toBe('COMPLETED');
    expect(calls.slice(before)).toEqual(['DEQUEUING/local', 'DESERIALIZING/local', 'CLEANUP/local']);
    expect(saved.status).toBe('COMPLETED');
  });

  it('stays ERRORED after a failing operation, without running anything, and reports the error', async () => {
    const { state, saved } = memoryState();
    const boom = new Error('disk full');
    const { operations, calls } = recording((stage) => {
      if (stage === 'DEQUEUING') throw boom;
      return 'COMPLETED';
    });
    const controller = createSessionController({ state, operations, logger: silentLogger });
    expect(await controller.proceedTo('CLEANUP')).toBe('ERRORED');
    expect(controller.lastError).toBe(boom);
    expect(saved).toMatchObject({ stage: 'DEQUEUING', status: 'ERRORED', error: 'disk full' });
    const before = calls.length;
    expect(await controller.proceedTo('CLEANUP')).toBe('ERRORED');
    expect(calls.length).toBe(before);
  });

  it('after a crash mid-stage (left PENDING), a new controller resumes that stage, not the ones before', async () => {
    const { state, saved, writes } = memoryState();
    let crash = true;
    const { operations, calls } = recording((stage) => {
      // A crash: the process dies inside the operation, so nothing after it is written.
      if (stage === 'DESERIALIZING' && crash) throw Object.assign(new Error('killed'), { kill: true });
      return 'COMPLETED';
    });
    const dying = createSessionController({
      state: { ...state, write: (stage, status, error) => (status === 'ERRORED' ? undefined : state.write(stage, status, error)) },
      operations,
      logger: silentLogger,
    });
    await dying.proceedTo('CLEANUP');
    expect(saved).toMatchObject({ stage: 'DESERIALIZING', status: 'PENDING' });
    crash = false;
    calls.length = 0;
    const resumed = createSessionController({ state, operations, logger: silentLogger });
    expect(await resumed.proceedTo('CLEANUP')).toBe('COMPLETED');
    expect(calls).toEqual(['DESERIALIZING/local', 'CLEANUP/local']);
    expect(writes.slice(-4)).toEqual(['DESERIALIZING:PENDING', 'DESERIALIZING:COMPLETED', 'CLEANUP:PENDING', 'CLEANUP:COMPLETED']);
  });
});
