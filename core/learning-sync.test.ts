import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from './contract/api-routes.js';
import { createTestBrowser, type TestBrowser } from './server/auth/test-support/test-browser.js';
import { createCoreHarness, type CoreHarness } from './sync/test-support/core-harness.js';

const quiz = {
  title: 'Sums',
  questions: [
    { id: 'q1', kind: 'number', prompt: '2 + 2', correctNumber: 4 },
    { id: 'q2', kind: 'choice', prompt: 'Odd?', options: ['3', '4'], correctOption: 0 },
  ],
};

async function signedIn(baseUrl: string, username: string, password: string): Promise<TestBrowser> {
  const browser = createTestBrowser(baseUrl);
  const response = await browser.signIn(username, password);
  if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status}`);
  return browser;
}

function rowsOf(handle: { prepare(sql: string): { get(...args: unknown[]): unknown } }, sql: string, ...args: unknown[]): number {
  return (handle.prepare(sql).get(...args) as { n: number }).n;
}

describe('learner state and quizzes across a classroom server and a learn-only tablet (HTTP)', () => {
  let harness: CoreHarness;
  afterEach(async () => harness?.dispose());

  it('answers given on the tablet while the server is switched off reach the server’s report with their history once it is back; the tablet never holds another learner’s state', async () => {
    harness = createCoreHarness({ transport: 'http' });
    const server = await harness.device('server');
    const tablet = await harness.device('tablet');
    const { facility } = await server.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    const lina = await server.core.facility.users.createUser(facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
    const moses = await server.core.facility.users.createUser(facility.id, { username: 'moses', password: 'mosespw', fullName: 'Moses', role: 'learner' });
    const room = server.core.facility.classes.createClass(facility.id, { name: 'Grade 4' });
    server.core.facility.classes.setClassLearners(room.id, [lina.id, moses.id]);
    await server.listen();
    await tablet.listen();
    const root = await signedIn(server.baseUrl, 'root', 'rootpw');
    const quizId: string = (await root.request('POST', `/api/classes/${room.id}/quizzes`, quiz)).body.id;
    expect((await root.request('POST', `/api/quizzes/${quizId}/assign`)).status).toBe(200);
    // Moses answers on the server: his state must never reach Lina's tablet.
    const mosesOnServer = await signedIn(server.baseUrl, 'moses', 'mosespw');
    expect((await mosesOnServer.request('PUT', `/api/learn/quizzes/${quizId}/answers`, { questionId: 'q1', answer: 5 })).status).toBe(200);

    // The tablet imports Lina (single-user scope) and receives the quiz assigned to her class.
    const setup = createTestBrowser(tablet.baseUrl);
    await setup.request('GET', apiRoutes.setup);
    const imported = await setup.request('POST', apiRoutes.peersImportUser, { address: server.baseUrl, username: 'lina', password: 'linapw', facilityId: facility.id });
    expect(imported.status).toBe(201);
    const linaOnTablet = await signedIn(tablet.baseUrl, 'lina', 'linapw');
    const listed = await linaOnTablet.request('GET', '/api/learn/quizzes');
    expect(listed.body.quizzes.map((entry: { id: string }) => entry.id)).toEqual([quizId]);
    expect(JSON.stringify((await linaOnTablet.request('GET', `/api/learn/quizzes/${quizId}`)).body)).not.toMatch(/correct/);

    // Offline: the classroom server is switched off while she answers, changes her mind and submits.
    const peer = tablet.core.sync.peers.list().find((entry) => entry.userId === lina.id)!;
    await harness.restart(server, async () => {
      await expect(tablet.core.sync.peers.sync(peer.id)).rejects.toMatchObject({ code: 'PEER_UNREACHABLE' });
      tablet.clock.advance(60_000);
      await linaOnTablet.request('PUT', `/api/learn/quizzes/${quizId}/answers`, { questionId: 'q1', answer: 3 });
      tablet.clock.advance(1000);
      await linaOnTablet.request('PUT', `/api/learn/quizzes/${quizId}/answers`, { questionId: 'q1', answer: 4 });
      await linaOnTablet.request('PUT', `/api/learn/quizzes/${quizId}/answers`, { questionId: 'q2', answer: 0 });
      tablet.clock.advance(1000);
      expect((await linaOnTablet.request('POST', `/api/learn/quizzes/${quizId}/submit`)).body.score).toBe(2);
    });
    // The server is back, on the same address; the coach's session survived the restart.
    const before = await root.request('GET', `/api/quizzes/${quizId}/report`);
    expect(before.body.learners.find((line: { learnerId: string }) => line.learnerId === lina.id).progress).toBe('not-started');

    // The tablet syncs with the server.
    expect((await tablet.core.sync.peers.sync(peer.id)).status).toBe('completed');

    const report = await root.request('GET', `/api/quizzes/${quizId}/report`);
    expect(report.body.learners.find((line: { learnerId: string }) => line.learnerId === lina.id)).toMatchObject({ progress: 'submitted', answeredCount: 2, correctCount: 2 });
    const answers = await root.request('GET', `/api/quizzes/${quizId}/learner-answers?learnerId=${lina.id}`);
    expect(answers.body.questions[0].history.map((version: { answer: number }) => version.answer)).toEqual([4, 3]);
    expect(answers.body.questions[0].history[0].at).toBe(new Date(Date.UTC(2026, 0, 1) + 61_000).toISOString());

    // The tablet holds Lina's state and nobody else's, in its tables and in its sync store.
    const tabletDb = tablet.core.databases.get('default').handle;
    expect(rowsOf(tabletDb, 'select count(*) as n from learner_state where learner_id = ?', moses.id)).toBe(0);
    expect(rowsOf(tablet.core.databases.get('history').handle, 'select count(*) as n from learner_state_history where learner_id != ?', lina.id)).toBe(0);
    expect(rowsOf(tabletDb, "select count(*) as n from sync_store where partition like '%:user-rw:' || ?", moses.id)).toBe(0);
    // Once serialized and copied, the tablet's outbox is emptied by the next write.
    tablet.core.learning.state.repair();
    expect(rowsOf(tabletDb, 'select count(*) as n from learner_state_version')).toBe(0);
  });

  it('concurrent changes of one answer keep both versions in history and converge on the later edit', async () => {
    harness = createCoreHarness({ transport: 'http' });
    const server = await harness.device('server');
    const tablet = await harness.device('tablet');
    const { facility } = await server.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    const lina = await server.core.facility.users.createUser(facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
    const room = server.core.facility.classes.createClass(facility.id, { name: 'Grade 4' });
    server.core.facility.classes.setClassLearners(room.id, [lina.id]);
    await server.listen();
    await tablet.listen();
    const root = await signedIn(server.baseUrl, 'root', 'rootpw');
    const quizId: string = (await root.request('POST', `/api/classes/${room.id}/quizzes`, quiz)).body.id;
    await root.request('POST', `/api/quizzes/${quizId}/assign`);
    const setup = createTestBrowser(tablet.baseUrl);
    await setup.request('GET', apiRoutes.setup);
    expect((await setup.request('POST', apiRoutes.peersImportUser, { address: server.baseUrl, username: 'lina', password: 'linapw', facilityId: facility.id })).status).toBe(201);

    const onTablet = await signedIn(tablet.baseUrl, 'lina', 'linapw');
    const onServer = await signedIn(server.baseUrl, 'lina', 'linapw');
    tablet.clock.advance(10_000);
    server.clock.advance(20_000);
    await onTablet.request('PUT', `/api/learn/quizzes/${quizId}/answers`, { questionId: 'q1', answer: 1 });
    await onServer.request('PUT', `/api/learn/quizzes/${quizId}/answers`, { questionId: 'q1', answer: 2 });
    const peer = tablet.core.sync.peers.list()[0]!;
    expect((await tablet.core.sync.peers.sync(peer.id)).status).toBe('completed');

    const key = `quiz:${quizId}/question:q1`;
    for (const device of [server, tablet]) {
      expect(device.core.learning.state.getHistory(lina.id, key).map((version) => version.fields)).toEqual([{ answer: 2 }, { answer: 1 }]);
      expect(device.core.learning.state.getMany(lina.id, [key]).get(key)).toEqual({ answer: 2 });
    }
  });
});
