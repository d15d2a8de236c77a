import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { apiPath, apiRoutes } from '../../contract/api-routes.js';
import type { LearnerQuizDto, LearnerQuizListResponse } from '../../contract/quizzes.js';
import type { PeerDto } from '../../contract/sync.js';
import { createCore, type Core } from '../../create-core.js';
import { createTestBrowser } from '../../server/auth/test-support/test-browser.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createCoreHarness, type CoreHarness } from '../test-support/core-harness.js';
import { seededRandom } from '../test-support/seeded-random.js';

/**
 * The acceptance of issue 16's automatic sync, over real HTTP on loopback: what the learner writes
 * on her learn-only tablet while the school server is away reaches the server once it is back,
 * within the retry period, with nobody signed in on the tablet and no shell. Time moves only when
 * the test advances the tablet's manual scheduler; nothing waits on a timer.
 */

const RETRY_MS = 60_000;
const INTERVAL_MS = 5 * 60_000;

/** The school server A, on loopback, stoppable and restartable on the same port. */
async function startServerA(home: TempHome, port = 0): Promise<{ core: Core; url: string }> {
  const core = await createCore({ home: home.path, clock: createManualClock(Date.UTC(2026, 0, 1)), random: seededRandom(`a-${home.path}-${port}`), passwordHashCost: 4, sync: { retries: 1, backoffMs: 5, allowLoopbackPeers: true, autoSync: false } });
  const url = await core.listen({ host: '127.0.0.1', port });
  return { core, url };
}

describe('a learn-only tablet syncs by itself', () => {
  let harness: CoreHarness | undefined;
  const homes: TempHome[] = [];
  const servers: Core[] = [];
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
    for (const core of servers.splice(0)) await core.close();
    for (const home of homes.splice(0)) home.remove();
  });

  it('the learner answers while her server is stopped; when it is back, the tablet pushes her answer within the retry period, with no sign-in and no shell', async () => {
    const homeA = createTempHome('outpost-auto-a-');
    homes.push(homeA);
    let a = await startServerA(homeA);
    servers.push(a.core);
    const { facility } = await a.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    a.core.facility.setup.setDeviceName('Riverside School server');
    const lina = await a.core.facility.users.createUser(facility.id, { username: 'lina', password: 'linapw', fullName: 'Lina', role: 'learner' });
    const room = a.core.facility.classes.createClass(facility.id, { name: 'Class 4' });
    a.core.facility.classes.setClassLearners(room.id, [lina.id]);
    const quiz = a.core.learning.quizzes.create(room.id, { title: 'Sums', questions: [{ id: 'q1', kind: 'number', prompt: '2 + 2', correctNumber: 4 }] }, 'root');
    a.core.learning.quizzes.assign(quiz.id);

    // C: a fresh tablet, set up with POST /api/sync/import-user; the quiz comes with her.
    harness = createCoreHarness({ transport: 'http', sync: { autoSyncIntervalMs: INTERVAL_MS, autoSyncRetryMs: RETRY_MS } });
    const c = await harness.device('c');
    await c.listen();
    const setup = createTestBrowser(c.baseUrl);
    await setup.request('GET', apiRoutes.setup);
    const imported = await setup.request('POST', apiRoutes.peersImportUser, { address: a.url, username: 'lina', password: 'linapw', facilityId: facility.id });
    expect(imported.status).toBe(201);
    const peerId = (imported.body.peer as PeerDto).id;
    expect(c.core.sync.autoSync.nextAt(peerId)).toBe(c.clock.now() + INTERVAL_MS);

    // A stops. On the tablet, Lina answers the quiz, then signs out.
    const port = Number(new URL(a.url).port);
    await a.core.close();
    servers.splice(servers.indexOf(a.core), 1);
    const onTablet = createTestBrowser(c.baseUrl);
    expect((await onTablet.signIn('lina', 'linapw')).status).toBe(200);
    expect(((await onTablet.request('GET', apiRoutes.learnerQuizzes)).body as LearnerQuizListResponse).quizzes.map((entry) => entry.id)).toEqual([quiz.id]);
    const answered = await onTablet.request('PUT', apiPath(apiRoutes.learnerQuizAnswers, quiz.id), { questionId: 'q1', answer: 4 });
    expect(answered.status).toBe(200);
    expect((answered.body as LearnerQuizDto).answers).toEqual({ q1: 4 });
    expect((await onTablet.request('POST', apiRoutes.signOut)).status).toBe(204);

    // The planned sync finds A away: a failure in plain words, and the next try one retry period later.
    c.scheduler.advance(INTERVAL_MS);
    await vi.waitFor(() => expect(c.core.sync.peers.get(peerId)?.consecutiveFailures).toBe(1), { timeout: 10_000 });
    await vi.waitFor(() => expect(c.core.sync.autoSync.nextAt(peerId)).toBe(c.clock.now() + RETRY_MS));

    // A comes back on the same address, still without her answer.
    a = await startServerA(homeA, port);
    servers.push(a.core);
    expect(a.core.learning.quizzes.viewForLearner(quiz.id, lina.id).answers).toEqual({});

    // One retry period later the tablet syncs by itself: nobody is signed in on it, nobody ran a command.
    expect(c.core.sessions.listForUser(lina.id)).toEqual([]);
    c.scheduler.advance(RETRY_MS);
    await vi.waitFor(() => expect(a.core.learning.quizzes.viewForLearner(quiz.id, lina.id).answers).toEqual({ q1: 4 }), { timeout: 10_000 });
    await vi.waitFor(() => expect(c.core.sync.peers.get(peerId)).toMatchObject({ consecutiveFailures: 0 }));
    expect(c.core.sync.peers.get(peerId)?.lastSync).toMatchObject({ status: 'completed' });
    // Back to the normal interval.
    await vi.waitFor(() => expect(c.core.sync.autoSync.nextAt(peerId)).toBe(c.clock.now() + INTERVAL_MS));
  });
});
