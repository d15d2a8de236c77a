import { afterEach, describe, expect, it } from 'vitest';
import type { TestBrowser } from '../auth/test-support/test-browser.js';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

const quizBody = {
  title: 'Fractions',
  questions: [
    { id: 'q1', kind: 'choice', prompt: 'Half of 4?', options: ['1', '2', '3'], correctOption: 1 },
    { id: 'q2', kind: 'number', prompt: '3 + 4 = ?', correctNumber: 7 },
  ],
};

interface World {
  server: FacilityApiServer;
  classId: string;
  otherClassId: string;
  coach: TestBrowser;
  ana: TestBrowser;
  anaId: string;
  ben: TestBrowser;
  benId: string;
  outsider: TestBrowser;
}

async function world(): Promise<World> {
  const server = await startFacilityApiServer();
  const { root, facilityId } = server;
  const coachId = await server.createUser({ username: 'coach', role: 'coach' });
  const anaId = await server.createUser({ username: 'ana', fullName: 'Ana Lima' });
  const benId = await server.createUser({ username: 'ben', fullName: 'Ben Okafor' });
  const outsiderId = await server.createUser({ username: 'omar' });
  const classId: string = (await root.request('POST', `/api/facilities/${facilityId}/classes`, { name: 'Class 5' })).body.id;
  const otherClassId: string = (await root.request('POST', `/api/facilities/${facilityId}/classes`, { name: 'Class 6' })).body.id;
  expect((await root.request('PUT', `/api/classes/${classId}/learners`, { userIds: [anaId, benId] })).status).toBe(200);
  expect((await root.request('PUT', `/api/classes/${classId}/coaches`, { userIds: [coachId] })).status).toBe(200);
  expect((await root.request('PUT', `/api/classes/${otherClassId}/learners`, { userIds: [outsiderId] })).status).toBe(200);
  return { server, classId, otherClassId, coach: await server.signedIn('coach'), ana: await server.signedIn('ana'), anaId, ben: await server.signedIn('ben'), benId, outsider: await server.signedIn('omar') };
}

function quizRows(server: FacilityApiServer): number {
  return (server.core.databases.get('default').handle.prepare('select count(*) as n from quiz').get() as { n: number }).n;
}

function stateRows(server: FacilityApiServer): number {
  return (server.core.databases.get('history').handle.prepare('select count(*) as n from learner_state_history').get() as { n: number }).n;
}

describe('quiz routes over HTTP', () => {
  let w: World;
  afterEach(async () => w?.server.close());

  it('a coach creates, edits while a draft, assigns and closes; bad input is 400 with field details and writes nothing', async () => {
    w = await world();
    const bad = await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, {
      title: '',
      questions: [{ kind: 'choice', prompt: 'x', options: ['only one'], correctOption: 3 }, { kind: 'number', prompt: 'y', correctNumber: 'seven' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('INVALID_INPUT');
    expect(bad.body.details.map((detail: { path: string }) => detail.path)).toEqual(expect.arrayContaining(['title', 'questions.0.options', 'questions.1.correctNumber']));
    const seven = await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, { title: 'x', questions: [{ kind: 'choice', prompt: 'x', options: ['1', '2', '3', '4', '5', '6', '7'], correctOption: 0 }] });
    expect(seven.status).toBe(400);
    expect(quizRows(w.server)).toBe(0);

    const created = await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, quizBody);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ classId: w.classId, title: 'Fractions', status: 'draft' });
    const id: string = created.body.id;
    // A draft is invisible to learners.
    expect((await w.ana.request('GET', `/api/learn/quizzes/${id}`)).status).toBe(404);
    expect((await w.ana.request('GET', '/api/learn/quizzes')).body.quizzes).toEqual([]);

    const edited = await w.coach.request('PATCH', `/api/quizzes/${id}`, { ...quizBody, title: 'Fractions and sums' });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('Fractions and sums');
    expect((await w.coach.request('POST', `/api/quizzes/${id}/assign`)).body.status).toBe('assigned');
    const late = await w.coach.request('PATCH', `/api/quizzes/${id}`, quizBody);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CONFLICT');
    expect((await w.coach.request('GET', `/api/quizzes/${id}`)).body.title).toBe('Fractions and sums');
    expect((await w.coach.request('GET', `/api/classes/${w.classId}/quizzes`)).body.quizzes).toHaveLength(1);
    expect((await w.coach.request('POST', `/api/quizzes/${id}/close`)).body.status).toBe('closed');
    expect((await w.coach.request('POST', `/api/quizzes/${id}/close`)).status).toBe(409);
  });

  it('only the class’s coaches and admins manage its quizzes; other learners never see them', async () => {
    w = await world();
    expect((await w.ana.request('POST', `/api/classes/${w.classId}/quizzes`, quizBody)).status).toBe(403);
    const id: string = (await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, quizBody)).body.id;
    await w.coach.request('POST', `/api/quizzes/${id}/assign`);
    expect((await w.coach.request('POST', `/api/classes/${w.otherClassId}/quizzes`, quizBody)).status).toBe(403);
    expect((await w.ana.request('GET', `/api/quizzes/${id}/report`)).status).toBe(403);
    expect((await w.server.root.request('GET', `/api/quizzes/${id}/report`)).status).toBe(200);
    expect((await w.outsider.request('GET', `/api/learn/quizzes/${id}`)).status).toBe(404);
    expect((await w.outsider.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 1 })).status).toBe(404);
    expect((await w.outsider.request('GET', '/api/learn/quizzes')).body.quizzes).toEqual([]);
    expect(stateRows(w.server)).toBe(0);
  });

  it('a learner answers question by question, changes an answer, never sees the key before submitting, then submits', async () => {
    w = await world();
    const id: string = (await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, quizBody)).body.id;
    await w.coach.request('POST', `/api/quizzes/${id}/assign`);

    const list = await w.ana.request('GET', '/api/learn/quizzes');
    expect(list.body.quizzes).toEqual([{ id, classId: w.classId, title: 'Fractions', status: 'assigned', questionCount: 2, answeredCount: 0, progress: 'not-started' }]);
    const before = await w.ana.request('GET', `/api/learn/quizzes/${id}`);
    expect(before.status).toBe(200);
    expect(JSON.stringify(before.body)).not.toMatch(/correct/);
    expect(before.body.score).toBeNull();

    expect((await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 0 })).status).toBe(200);
    const wrongShape = await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 'two' });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.details[0].path).toBe('answer');
    const outOfRange = await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 3 });
    expect(outOfRange.status).toBe(400);
    expect((await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'nope', answer: 1 })).status).toBe(400);
    expect(stateRows(w.server)).toBe(1);

    const changed = await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 1 });
    expect(changed.body.answers).toEqual({ q1: 1 });
    expect(JSON.stringify(changed.body)).not.toMatch(/correct/);
    await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q2', answer: 8 });
    // A reload finds every answer.
    const reloaded = await w.ana.request('GET', `/api/learn/quizzes/${id}`);
    expect(reloaded.body).toMatchObject({ progress: 'in-progress', answers: { q1: 1, q2: 8 } });

    const submitted = await w.ana.request('POST', `/api/learn/quizzes/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ progress: 'submitted', score: 1 });
    expect(submitted.body.questions[0].correctOption).toBe(1);
    expect((await w.ana.request('POST', `/api/learn/quizzes/${id}/submit`)).status).toBe(409);
    const afterSubmit = await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q2', answer: 7 });
    expect(afterSubmit.status).toBe(409);
    expect((await w.ana.request('GET', `/api/learn/quizzes/${id}`)).body.answers).toEqual({ q1: 1, q2: 8 });
  });

  it('the coach report shows not started, in progress and submitted, scores, shares correct, and one learner’s history latest first', async () => {
    w = await world();
    const id: string = (await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, quizBody)).body.id;
    await w.coach.request('POST', `/api/quizzes/${id}/assign`);
    await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 0 });
    await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 1 });
    await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q2', answer: 7 });
    await w.ana.request('POST', `/api/learn/quizzes/${id}/submit`);
    const report = await w.coach.request('GET', `/api/quizzes/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.learners).toEqual([
      expect.objectContaining({ learnerId: w.anaId, fullName: 'Ana Lima', progress: 'submitted', answeredCount: 2, correctCount: 2 }),
      expect.objectContaining({ learnerId: w.benId, progress: 'not-started', answeredCount: 0, correctCount: 0, submittedAt: null }),
    ]);
    await w.ben.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 2 });
    const second = await w.coach.request('GET', `/api/quizzes/${id}/report`);
    expect(second.body.learners[1]).toMatchObject({ progress: 'in-progress', answeredCount: 1, correctCount: 0 });
    expect(second.body.questions).toEqual([
      { questionId: 'q1', prompt: 'Half of 4?', answeredCount: 2, correctCount: 1, shareCorrect: 0.5 },
      { questionId: 'q2', prompt: '3 + 4 = ?', answeredCount: 1, correctCount: 1, shareCorrect: 1 },
    ]);

    const answers = await w.coach.request('GET', `/api/quizzes/${id}/learner-answers?learnerId=${w.anaId}`);
    expect(answers.status).toBe(200);
    expect(answers.body.progress).toBe('submitted');
    expect(answers.body.questions[0]).toMatchObject({ questionId: 'q1', answer: 1, correct: true });
    expect(answers.body.questions[0].history.map((version: { answer: number }) => version.answer)).toEqual([1, 0]);
    expect((await w.coach.request('GET', `/api/quizzes/${id}/learner-answers`)).status).toBe(400);
    expect((await w.coach.request('GET', `/api/quizzes/${id}/learner-answers?learnerId=nobody`)).status).toBe(404);
  });

  it('a learner removed mid-quiz gets 401 on the next answer, and their answers stay until a hard delete', async () => {
    w = await world();
    const id: string = (await w.coach.request('POST', `/api/classes/${w.classId}/quizzes`, quizBody)).body.id;
    await w.coach.request('POST', `/api/quizzes/${id}/assign`);
    await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q1', answer: 1 });
    expect((await w.server.root.request('DELETE', `/api/users/${w.anaId}`)).status).toBe(200);
    const refused = await w.ana.request('PUT', `/api/learn/quizzes/${id}/answers`, { questionId: 'q2', answer: 7 });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('NOT_AUTHENTICATED');
    const answers = await w.coach.request('GET', `/api/quizzes/${id}/learner-answers?learnerId=${w.anaId}`);
    expect(answers.body.questions[0].answer).toBe(1);
  });
});
