import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { createCore } from '../create-core.js';
import { createTempHome } from '../test-support/temp-home.js';
import type { StateWritePoint } from './state-write-point.js';
import { startFacilityApiServer, type FacilityApiServer } from '../server/routes/test-support/facility-api-server.js';

function historyRows(server: FacilityApiServer, learnerId: string): number {
  return (server.core.databases.get('history').handle.prepare('select count(*) as n from learner_state_history where learner_id = ?').get(learnerId) as { n: number }).n;
}

function stateRows(server: FacilityApiServer, learnerId: string): number {
  const db = server.core.databases.get('default').handle;
  const state = db.prepare('select count(*) as n from learner_state where learner_id = ?').get(learnerId) as { n: number };
  const outbox = db.prepare('select count(*) as n from learner_state_version where learner_id = ?').get(learnerId) as { n: number };
  return state.n + outbox.n;
}

describe('learner state clean-up, wired in create-core', () => {
  let server: FacilityApiServer;
  afterEach(async () => server?.close());

  it('a soft removal keeps state and history, a restore finds them, and a hard delete removes both files’ rows', async () => {
    server = await startFacilityApiServer();
    const ana = await server.createUser({ username: 'ana' });
    const ben = await server.createUser({ username: 'ben' });
    const { state } = server.core.learning;
    state.setMany(ana, { 'quiz:q/question:1': { answer: 1 } });
    state.setMany(ana, { 'quiz:q/question:1': { answer: 2 } });
    state.setMany(ben, { 'quiz:q/question:1': { answer: 3 } });

    expect((await server.root.request('DELETE', `/api/users/${ana}`)).status).toBe(200);
    expect(state.getHistory(ana, 'quiz:q/question:1')).toHaveLength(2);
    expect((await server.root.request('POST', `/api/users/${ana}/restore`)).status).toBe(200);
    expect(state.getMany(ana, ['quiz:q/question:1']).get('quiz:q/question:1')).toEqual({ answer: 2 });

    // Soft-deleted first, then hard-deleted: no user "became deleted", but the rows still go.
    expect((await server.root.request('DELETE', `/api/users/${ana}`)).status).toBe(200);
    expect((await server.root.request('DELETE', `/api/users/${ana}?permanent=true`)).status).toBe(200);
    expect(stateRows(server, ana)).toBe(0);
    expect(historyRows(server, ana)).toBe(0);
    expect(stateRows(server, ben)).toBeGreaterThan(0);
    expect(historyRows(server, ben)).toBe(1);
  });

  it('purging a facility removes its learners’ state and history and its quizzes', async () => {
    server = await startFacilityApiServer();
    const created = await server.root.request('POST', '/api/facilities', { name: 'Other School' });
    expect(created.status).toBe(201);
    const other: string = created.body.id;
    const cleo = await server.createUser({ username: 'cleo' }, other);
    const ana = await server.createUser({ username: 'ana' });
    const klass = await server.root.request('POST', `/api/facilities/${other}/classes`, { name: 'Gone' });
    server.core.learning.quizzes.create(klass.body.id, { title: 'T', questions: [{ kind: 'number', prompt: '1+1', correctNumber: 2 }] }, 'root');
    server.core.learning.state.setMany(cleo, { k: { a: 1 } });
    server.core.learning.state.setMany(ana, { k: { a: 1 } });

    expect((await server.root.request('DELETE', `/api/facilities/${other}`)).status).toBe(200);
    expect(stateRows(server, cleo)).toBe(0);
    expect(historyRows(server, cleo)).toBe(0);
    expect(historyRows(server, ana)).toBe(1);
    const quizzes = server.core.databases.get('default').handle.prepare('select count(*) as n from quiz').get() as { n: number };
    expect(quizzes.n).toBe(0);
    let code: string | undefined;
    try {
      server.core.learning.state.getHistory(cleo, 'k');
    } catch (error) {
      code = isCoreError(error) ? error.code : undefined;
    }
    expect(code).toBe('NOT_FOUND');
  });

  it('a crash between forgetting history and the state in default is finished on the next start', async () => {
    const home = createTempHome('outpost-learning-forget-');
    let crashAt: StateWritePoint | undefined = 'after-history-forget';
    const errors: unknown[] = [];
    const logger = { info: () => {}, warn: () => {}, error: (_message: string, error?: unknown) => void errors.push(error) };
    const hook = (point: StateWritePoint) => {
      if (point === crashAt) {
        crashAt = undefined;
        throw new Error('simulated crash');
      }
    };
    try {
      const first = await createCore({ home: home.path, passwordHashCost: 4, logger, learnerStateWritePoint: hook });
      const { facility } = await first.facility.setup.provision({ facilityName: 'Ridge', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
      const ana = await first.facility.users.createUser(facility.id, { username: 'ana', password: 'pw', fullName: 'Ana', role: 'learner' });
      const ben = await first.facility.users.createUser(facility.id, { username: 'ben', password: 'pw', fullName: 'Ben', role: 'learner' });
      first.learning.state.setMany(ana.id, { k: { a: 1 } });
      first.learning.state.setMany(ben.id, { k: { b: 1 } });
      first.facility.users.deleteUsers([ana.id], { permanent: true });
      // The listener died half-way: history is gone, the state in default is not.
      expect(errors).toHaveLength(1);
      const leftover = (first.databases.get('default').handle.prepare('select count(*) as n from learner_state where learner_id = ?').get(ana.id) as { n: number }).n;
      expect(leftover).toBe(1);
      await first.close();

      const second = await createCore({ home: home.path, passwordHashCost: 4 });
      try {
        const remaining = (second.databases.get('default').handle.prepare('select count(*) as n from learner_state where learner_id = ?').get(ana.id) as { n: number }).n;
        expect(remaining).toBe(0);
        expect(second.learning.state.getHistory(ben.id, 'k')).toHaveLength(1);
        expect(second.learning.state.learnersWithState()).toEqual([ben.id]);
      } finally {
        await second.close();
      }
    } finally {
      home.remove();
    }
  });
});
