// `npm run bench -- learning`: the four learning figures of issue 15, each beside its target.
//   (a) 40 learners answering at once over HTTP, one answer each every 2 s: p99 of saving an answer
//       (PUT /api/learn/quizzes/:id/answers, through setMany into both files);
//   (b) getHistory of one key holding 1,000 versions;
//   (c) a class report of 40 learners x 20 questions (GET /api/quizzes/:id/report);
//   (d) a term's activity (learners x quizzes x questions answered: one state and one history
//       version record each) synced from the server to a fresh full-facility device, beside the
//       facility-records pull figure of docs/performance.md.
// Flags: --seconds <s> for (a) (default 20); --learners, --quizzes, --questions for (d)
// (default 500 x 50 x 5 = 125,000 states + 125,000 versions = 250,000 records).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCore } from '../../core/create-core.js';
import { createTestBrowser, type TestBrowser } from '../../core/server/auth/test-support/test-browser.js';
import { createCoreHarness } from '../../core/sync/test-support/core-harness.js';
import { createTempHome } from '../../core/test-support/temp-home.js';

const targets = { saveP99Ms: 20, historyMs: 10, reportMs: 50 };
// Pull by a fresh device of facility records, 100,000 records (docs/performance.md, 2026-11-23).
const FACILITY_PULL_RECORDS_PER_SECOND = 3_624;

const { values: flags } = parseArgs({
  options: { seconds: { type: 'string', default: '20' }, learners: { type: 'string', default: '500' }, quizzes: { type: 'string', default: '50' }, questions: { type: 'string', default: '5' } },
});

const format = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function numberQuiz(questions: number) {
  return { title: 'Bench quiz', questions: Array.from({ length: questions }, (_, n) => ({ id: `q${n}`, kind: 'number' as const, prompt: `${n} + 1`, correctNumber: n + 1 })) };
}

async function classroomFigures(): Promise<void> {
  const home = createTempHome('outpost-bench-learning-');
  const core = await createCore({ home: home.path, passwordHashCost: 4, signInThrottle: { maxFailuresPerUsername: 1000, maxFailuresPerAddress: 1000 } });
  try {
    const url = await core.listen({ host: '127.0.0.1', port: 0 });
    const { facility } = await core.facility.setup.provision({ facilityName: 'Bench School', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
    const rows = ['username,password,full_name', ...Array.from({ length: 40 }, (_, n) => `learner${n},pw${n},Learner ${n}`)];
    await core.facility.users.importUsersCsv(facility.id, rows.join('\n'));
    const learners = core.facility.users.allActiveUsers(facility.id).filter((user) => user.kind === 'learner');
    const room = core.facility.classes.createClass(facility.id, { name: 'Class 40' });
    core.facility.classes.setClassLearners(room.id, learners.map((user) => user.id));
    const quiz = core.learning.quizzes.create(room.id, numberQuiz(20), 'root');
    core.learning.quizzes.assign(quiz.id);

    // (a) 40 learners, each saving one answer every 2 s, their starts spread over the 2 s.
    const browsers: TestBrowser[] = [];
    for (const learner of learners) {
      const browser = createTestBrowser(url);
      const n = learner.username.slice('learner'.length);
      if ((await browser.signIn(learner.username, `pw${n}`)).status !== 200) throw new Error(`sign-in of ${learner.username} failed`);
      // Warm-up: one save each, so the figure is a running server's, not its first requests'.
      await browser.request('PUT', `/api/learn/quizzes/${quiz.id}/answers`, { questionId: 'q0', answer: 0 });
      browsers.push(browser);
    }
    const seconds = Number(flags.seconds);
    const latencies: number[] = [];
    let failures = 0;
    await Promise.all(
      browsers.map(async (browser, index) => {
        await delay((2000 / browsers.length) * index);
        for (let round = 0; round < seconds / 2; round += 1) {
          const started = performance.now();
          const response = await browser.request('PUT', `/api/learn/quizzes/${quiz.id}/answers`, { questionId: `q${round % 20}`, answer: round });
          const took = performance.now() - started;
          if (response.status !== 200) failures += 1;
          latencies.push(took);
          await delay(Math.max(0, 2000 - took));
        }
      }),
    );
    const p99 = percentile(latencies, 0.99);
    console.log(`(a) saving an answer, 40 learners every 2 s for ${seconds} s: ${latencies.length} saves, ${failures} failed; p50 ${format(percentile(latencies, 0.5), 1)} ms, p99 ${format(p99, 1)} ms (target p99 < ${targets.saveP99Ms} ms) ${verdict(p99 < targets.saveP99Ms && failures === 0)}`);

    // (b) one key with 1,000 versions.
    const learner = learners[0]!.id;
    for (let n = 0; n < 1000; n += 1) core.learning.state.setMany(learner, { 'bench:history/key': { answer: n } });
    const historyTimes: number[] = [];
    let versions = 0;
    for (let run = 0; run < 20; run += 1) {
      const started = performance.now();
      versions = core.learning.state.getHistory(learner, 'bench:history/key').length;
      historyTimes.push(performance.now() - started);
    }
    const historyMs = percentile(historyTimes, 0.5);
    console.log(`(b) getHistory of a key with ${format(versions)} versions: median ${format(historyMs, 2)} ms, max ${format(Math.max(...historyTimes), 2)} ms (target < ${targets.historyMs} ms) ${verdict(historyMs < targets.historyMs)}`);

    // (c) every learner answers all 20 questions, then the coach's report.
    for (const user of learners) {
      const answers: Record<string, { answer: number }> = {};
      for (let q = 0; q < 20; q += 1) answers[`quiz:${quiz.id}/question:q${q}`] = { answer: q % 3 === 0 ? q + 1 : q };
      core.learning.state.setMany(user.id, answers);
    }
    const root = createTestBrowser(url);
    await root.signIn('root', 'root-password');
    const reportTimes: number[] = [];
    for (let run = 0; run < 20; run += 1) {
      const started = performance.now();
      const response = await root.request('GET', `/api/quizzes/${quiz.id}/report`);
      reportTimes.push(performance.now() - started);
      if (response.status !== 200 || response.body.learners.length !== 40) throw new Error('report failed');
    }
    const reportMs = percentile(reportTimes, 0.5);
    console.log(`(c) class report, 40 learners x 20 questions, over HTTP: median ${format(reportMs, 1)} ms, max ${format(Math.max(...reportTimes), 1)} ms (target < ${targets.reportMs} ms) ${verdict(reportMs < targets.reportMs)}`);
  } finally {
    await core.close();
    home.remove();
  }
}

async function termSync(): Promise<void> {
  const learnerCount = Number(flags.learners);
  const quizCount = Number(flags.quizzes);
  const questionCount = Number(flags.questions);
  const harness = createCoreHarness();
  try {
    const server = await harness.device('server');
    const fresh = await harness.device('fresh');
    const { facilityId } = harness.createFacility(server, 'Term School');
    const rows = ['username,password,full_name', ...Array.from({ length: learnerCount }, (_, n) => `learner${n},pw${n},Learner ${n}`)];
    await server.core.facility.users.importUsersCsv(facilityId, rows.join('\n'));
    const learners = server.core.facility.users.allActiveUsers(facilityId).map((user) => user.id);
    const room = server.core.facility.classes.createClass(facilityId, { name: 'Term class' });
    server.core.facility.classes.setClassLearners(room.id, learners);
    const seeded = performance.now();
    for (let q = 0; q < quizCount; q += 1) {
      const quiz = server.core.learning.quizzes.create(room.id, numberQuiz(questionCount), 'bench');
      server.core.learning.quizzes.assign(quiz.id);
      for (const learner of learners) {
        const answers: Record<string, { answer: number }> = {};
        for (let n = 0; n < questionCount; n += 1) answers[`quiz:${quiz.id}/question:q${n}`] = { answer: n };
        server.core.learning.state.setMany(learner, answers);
      }
    }
    const states = learnerCount * quizCount * questionCount;
    console.log(`(d) seeded ${format(states)} states and ${format(states)} history versions in ${format((performance.now() - seeded) / 1000, 1)} s`);
    harness.issue(server, fresh, 'full-facility');
    const started = performance.now();
    const { pulled } = await harness.syncPair(fresh, server);
    const took = (performance.now() - started) / 1000;
    const onFresh = (fresh.core.databases.get('history').handle.prepare('select count(*) as n from learner_state_history').get() as { n: number }).n;
    if (onFresh !== states) throw new Error(`the fresh device holds ${onFresh} history versions, expected ${states}`);
    console.log(
      `(d) a term's activity to a fresh device: ${format(pulled)} records pulled in ${format(took, 1)} s (${format(pulled / took)} rec/s, in-process transport); ` +
        `facility records by a fresh device: ${format(FACILITY_PULL_RECORDS_PER_SECOND)} rec/s over HTTP (docs/performance.md) — reported, no target`,
    );
  } finally {
    await harness.dispose();
  }
}

await classroomFigures();
await termSync();
