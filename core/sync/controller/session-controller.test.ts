import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger.js';
import { createSessionController, type StageState } from './session-controller.js';
import { TRANSFER_STAGES, type TransferStage, type TransferStatus } from '../protocol/transfer-stage.js';

/** A transfer's persisted state, in memory: what survives a "crash" is what `write` stored. */
function memoryState() {
  const saved = { stage: 'INITIALIZING' as TransferStage, status: 'PENDING' as TransferStatus, error: null as string | null };
  const writes: string[] = [];
  const state: StageState = {
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

/** A stage runner that logs each stage it runs; `answer` decides what it answers. */
function recording(answer: (stage: TransferStage) => TransferStatus = () => 'COMPLETED') {
  const calls: string[] = [];
  const runStage = async (stage: TransferStage) => {
    calls.push(stage);
    return answer(stage);
  };
  return { runStage, calls };
}

describe('SessionController', () => {
  it('runs the stages in order up to the one asked, each once', async () => {
    const { state, saved } = memoryState();
    const { runStage, calls } = recording();
    const controller = createSessionController({ state, runStage, logger: silentLogger });
    expect(await controller.proceedTo('QUEUING')).toBe('COMPLETED');
    expect(calls).toEqual(['INITIALIZING', 'SERIALIZING', 'QUEUING']);
    expect(saved).toMatchObject({ stage: 'QUEUING', status: 'COMPLETED' });
    expect(await controller.proceedTo('CLEANUP')).toBe('COMPLETED');
    expect(calls).toEqual([...TRANSFER_STAGES]);
  });

  it('never moves backwards: a stage already passed answers COMPLETED without running anything', async () => {
    const { state, saved } = memoryState();
    const { runStage, calls } = recording();
    const controller = createSessionController({ state, runStage, logger: silentLogger });
    await controller.proceedTo('DEQUEUING');
    calls.length = 0;
    expect(await controller.proceedTo('SERIALIZING')).toBe('COMPLETED');
    expect(await controller.proceedTo('DEQUEUING')).toBe('COMPLETED');
    expect(calls).toEqual([]);
    expect(saved.stage).toBe('DEQUEUING');
  });

  it('returns at once while a stage is STARTED, and goes on once its owner completes it', async () => {
    const { state, saved } = memoryState();
    const { runStage, calls } = recording((stage) => (stage === 'TRANSFERRING' ? 'STARTED' : 'COMPLETED'));
    const controller = createSessionController({ state, runStage, logger: silentLogger });
    expect(await controller.proceedTo('CLEANUP')).toBe('STARTED');
    const before = calls.length;
    expect(await controller.proceedTo('CLEANUP')).toBe('STARTED');
    expect(await controller.proceedTo('INITIALIZING')).toBe('COMPLETED');
    expect(calls.length).toBe(before);
    // The step that took the stage over records its end.
    state.write('TRANSFERRING', 'COMPLETED');
    expect(await controller.proceedTo('CLEANUP')).toBe('COMPLETED');
    expect(calls.slice(before)).toEqual(['DEQUEUING', 'DESERIALIZING', 'CLEANUP']);
    expect(saved.status).toBe('COMPLETED');
  });

  it('stays ERRORED after a failing operation, without running anything, and reports the error', async () => {
    const { state, saved } = memoryState();
    const boom = new Error('disk full');
    const { runStage, calls } = recording((stage) => {
      if (stage === 'DEQUEUING') throw boom;
      return 'COMPLETED';
    });
    const controller = createSessionController({ state, runStage, logger: silentLogger });
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
    const { runStage, calls } = recording((stage) => {
      // A crash: the process dies inside the operation, so nothing after it is written.
      if (stage === 'DESERIALIZING' && crash) throw Object.assign(new Error('killed'), { kill: true });
      return 'COMPLETED';
    });
    const dying = createSessionController({
      state: { ...state, write: (stage, status, error) => (status === 'ERRORED' ? undefined : state.write(stage, status, error)) },
      runStage,
      logger: silentLogger,
    });
    await dying.proceedTo('CLEANUP');
    expect(saved).toMatchObject({ stage: 'DESERIALIZING', status: 'PENDING' });
    crash = false;
    calls.length = 0;
    const resumed = createSessionController({ state, runStage, logger: silentLogger });
    expect(await resumed.proceedTo('CLEANUP')).toBe('COMPLETED');
    expect(calls).toEqual(['DESERIALIZING', 'CLEANUP']);
    expect(writes.slice(-4)).toEqual(['DESERIALIZING:PENDING', 'DESERIALIZING:COMPLETED', 'CLEANUP:PENDING', 'CLEANUP:COMPLETED']);
  });
});
