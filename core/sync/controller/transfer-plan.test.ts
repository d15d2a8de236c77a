import { describe, expect, it } from 'vitest';
import { defaultTransferPlan } from './default-transfer-plan.js';
import type { LocalContext } from './transfer-context.js';
import { localStepsOf, runLocalSteps, type LocalStep, type StagePlan } from './transfer-plan.js';
import { TRANSFER_STAGES, type TransferStatus } from '../protocol/transfer-stage.js';
import type { TransferRecord } from './transfer-store.js';

type Side = Pick<TransferRecord, 'role' | 'direction'>;

/** A context that only knows which side it is on: enough for the plan to pick its steps. */
const contextOf = (side: Side) => ({ transfer: () => side }) as unknown as LocalContext;

describe('the transfer plan', () => {
  it('runs the flow step (sender or receiver), then the server step, and stops at the first that does not complete', async () => {
    const ran: string[] = [];
    const step = (name: string, status: TransferStatus = 'COMPLETED'): LocalStep => () => (ran.push(name), status);
    const stage: StagePlan = { sender: step('sender'), receiver: step('receiver'), server: step('server') };
    expect(await runLocalSteps(stage, contextOf({ role: 'server', direction: 'push' }))).toBe('COMPLETED');
    expect(await runLocalSteps(stage, contextOf({ role: 'client', direction: 'push' }))).toBe('COMPLETED');
    expect(await runLocalSteps(stage, contextOf({ role: 'server', direction: 'pull' }))).toBe('COMPLETED');
    expect(await runLocalSteps(stage, contextOf({ role: 'client', direction: 'pull' }))).toBe('COMPLETED');
    expect(ran).toEqual(['receiver', 'server', 'sender', 'sender', 'server', 'receiver']);
    ran.length = 0;
    const stalls: StagePlan = { receiver: step('receiver', 'STARTED'), server: step('server') };
    expect(await runLocalSteps(stalls, contextOf({ role: 'server', direction: 'push' }))).toBe('STARTED');
    expect(ran).toEqual(['receiver']);
  });

  it('treats a missing step as nothing to do: the stage completes without running anything', async () => {
    expect(localStepsOf({}, { role: 'server', direction: 'push' })).toEqual([]);
    expect(await runLocalSteps({}, contextOf({ role: 'client', direction: 'pull' }))).toBe('COMPLETED');
  });

  it('gives every stage a client step, and each side only the steps that do work', () => {
    const sides = (stage: StagePlan) => Object.keys(stage).sort();
    expect(Object.fromEntries(TRANSFER_STAGES.map((stage) => [stage, sides(defaultTransferPlan[stage])]))).toEqual({
      INITIALIZING: ['client', 'receiver'],
      SERIALIZING: ['client', 'receiver', 'sender'],
      QUEUING: ['client', 'sender'],
      TRANSFERRING: ['client', 'server'],
      DEQUEUING: ['client', 'receiver'],
      DESERIALIZING: ['client', 'receiver'],
      CLEANUP: ['client', 'receiver', 'sender', 'server'],
    });
  });
});
