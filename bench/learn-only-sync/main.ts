// `npm run bench -- learn-only-sync`: the school server's learners while learn-only tablets sync
// with it (issue 16). The server S is the compiled headless server (core/cli/serve.ts) in its own
// process on loopback, holding a facility of --users learners, a class and an assigned quiz of 20
// questions. 40 learners signed in on S poll GET /api/auth/session every 500 ms (as in
// `npm run bench -- sync`), each wait measured from when the poll was due, through three phases:
//   idle:    5 s with nothing else;
//   import:  --tablets fresh learn-only devices, each its own server process, set up at once with
//            POST /api/sync/import-user (one learner each);
//   sync:    on every tablet its learner answers the 20 questions (her progress), then all the
//            tablets sync at once (POST /api/sync/my-status/sync, the learner's "Sync now", the
//            same sync the automatic one runs); S serves at most its concurrency (3) and queues
//            the rest.
// Each phase prints the learners' p50/p95/p99/max and errors beside the targets, and the sync
// phase checks on S that every tablet's answers arrived.
// Flags: --tablets 10 --users 2000
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { apiPath, apiRoutes } from '../../core/contract/api-routes.js';
import type { QuizReportDto } from '../../core/contract/quizzes.js';
import type { MySyncStatusResponse } from '../../core/contract/sync.js';
import { createCore } from '../../core/create-core.js';
import { createTestBrowser } from '../../core/server/auth/test-support/test-browser.js';
import { freePort, startServerProcess, type ServerProcess } from '../../core/sync/test-support/server-process.js';
import { CLASSROOM_LEARNERS, POLL_MS, startClassroom, type PollFigures } from '../support/classroom-polls.js';
import { createTempHome, type TempHome } from '../../core/test-support/temp-home.js';

const targets = { p99Ms: 100, maxMs: 250 };
const { values: flags } = parseArgs({ options: { tablets: { type: 'string', default: '10' }, users: { type: 'string', default: '2000' } } });
const TABLETS = Number(flags.tablets);
const USERS = Number(flags.users);
const QUESTIONS = 20;

const format = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');


/** S's home: a facility of USERS learners (classroom learners learner0…, tablet learners tablet0…), one class with all of them, a quiz assigned. */
async function seedServer(home: string): Promise<{ facilityId: string; quizId: string }> {
  const core = await createCore({ home, passwordHashCost: 4, sync: { autoSync: false } });
  try {
    const { facility } = await core.facility.setup.provision({ facilityName: 'Bench School', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
    const rows = ['username,password,full_name'];
    for (let n = 0; n < CLASSROOM_LEARNERS; n++) rows.push(`learner${n},pw${n},Learner ${n}`);
    for (let n = 0; n < TABLETS; n++) rows.push(`tablet${n},pw${n},Tablet Learner ${n}`);
    for (let n = rows.length - 1; n < USERS; n++) rows.push(`other${n},pw${n},Other ${n}`);
    await core.facility.users.importUsersCsv(facility.id, rows.join('\n'));
    const learners = core.facility.users.allActiveUsers(facility.id).filter((user) => user.kind === 'learner');
    const room = core.facility.classes.createClass(facility.id, { name: 'Class 1' });
    core.facility.classes.setClassLearners(room.id, learners.map((user) => user.id));
    const quiz = core.learning.quizzes.create(room.id, { title: 'Bench quiz', questions: Array.from({ length: QUESTIONS }, (_, n) => ({ id: `q${n}`, kind: 'number' as const, prompt: `${n} + 1`, correctNumber: n + 1 })) }, 'root');
    core.learning.quizzes.assign(quiz.id);
    return { facilityId: facility.id, quizId: quiz.id };
  } finally {
    await core.close();
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:core failed');
  const homes: TempHome[] = [];
  const processes: ServerProcess[] = [];
  const home = (prefix: string) => {
    const created = createTempHome(prefix);
    homes.push(created);
    return created;
  };
  try {
    console.log(`learn-only sync bench: ${TABLETS} learn-only tablets with a server of ${format(USERS)} learners; load average at start ${load()}`);
    const serverHome = home('outpost-bench-lo-server-');
    const { facilityId, quizId } = await seedServer(serverHome.path);
    const server = await startServerProcess(serverHome.path, await freePort(), { compiled: true });
    processes.push(server);
    const tablets: ServerProcess[] = [];
    for (let n = 0; n < TABLETS; n++) {
      const tablet = await startServerProcess(home(`outpost-bench-lo-tablet${n}-`).path, await freePort(), { compiled: true });
      processes.push(tablet);
      tablets.push(tablet);
    }

    const classroom = await startClassroom(server.url);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const idle = classroom.mark();

    // Every tablet set up at once with its learner.
    let started = performance.now();
    const imports = await Promise.all(
      tablets.map(async (tablet, n) => {
        const setup = createTestBrowser(tablet.url);
        await setup.request('GET', apiRoutes.setup);
        const answer = await setup.request('POST', apiRoutes.peersImportUser, { address: server.url, username: `tablet${n}`, password: `pw${n}`, facilityId });
        if (answer.status !== 201) throw new Error(`tablet${n}'s import answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        return performance.now() - started;
      }),
    );
    const importing = classroom.mark();

    // Her progress on each tablet, then every tablet syncs at once.
    const learnersOnTablets = await Promise.all(
      tablets.map(async (tablet, n) => {
        const learner = createTestBrowser(tablet.url);
        if ((await learner.signIn(`tablet${n}`, `pw${n}`)).status !== 200) throw new Error(`tablet${n} could not sign in on her tablet`);
        for (let q = 0; q < QUESTIONS; q++) {
          const saved = await learner.request('PUT', apiPath(apiRoutes.learnerQuizAnswers, quizId), { questionId: `q${q}`, answer: q + 1 });
          if (saved.status !== 200) throw new Error(`tablet${n}'s answer answered ${saved.status}: ${JSON.stringify(saved.body)}`);
        }
        return learner;
      }),
    );
    classroom.mark();
    started = performance.now();
    const syncs = await Promise.all(
      learnersOnTablets.map(async (learner, n) => {
        const answer = await learner.request('POST', apiRoutes.mySyncNow);
        const pairing = (answer.body as MySyncStatusResponse).pairings[0];
        if (answer.status !== 200 || pairing?.lastSync?.status !== 'completed') throw new Error(`tablet${n}'s sync did not complete: ${JSON.stringify(answer.body)}`);
        return performance.now() - started;
      }),
    );
    const syncing = await classroom.stop();

    // Every tablet's answers are on S now.
    const root = createTestBrowser(server.url);
    await root.signIn('root', 'root-password');
    const report = await root.request('GET', apiPath(apiRoutes.quizReport, quizId));
    const arrived = (report.body as QuizReportDto).learners.filter((learner) => learner.username.startsWith('tablet') && learner.answeredCount === QUESTIONS).length;

    const line = (name: string, f: PollFigures) =>
      `  ${name.padEnd(7)} ${CLASSROOM_LEARNERS} learners polling every ${POLL_MS} ms, ${format(f.polls)} polls: p50 ${format(f.p50, 1)} ms, p95 ${format(f.p95, 1)} ms, p99 ${format(f.p99, 1)} ms (target < ${targets.p99Ms}) ${verdict(f.p99 < targets.p99Ms)}, max ${format(f.max, 1)} ms (target < ${targets.maxMs}) ${verdict(f.max < targets.maxMs)}, errors ${f.errors} (target 0) ${verdict(f.errors === 0)}`;
    console.log(line('idle', idle));
    console.log(line('import', importing));
    console.log(`          ${TABLETS} imports at once: all set up after ${format(Math.max(...imports) / 1000, 2)} s (first ${format(Math.min(...imports) / 1000, 2)} s)`);
    console.log(line('sync', syncing));
    console.log(`          ${TABLETS} syncs at once, ${QUESTIONS} answers each: all done after ${format(Math.max(...syncs) / 1000, 2)} s (first ${format(Math.min(...syncs) / 1000, 2)} s); answers on the server from ${arrived} of ${TABLETS} tablets ${verdict(arrived === TABLETS)}`);
    console.log(`load average at the end ${load()}`);
  } finally {
    for (const child of processes) await child.stop();
    for (const created of homes) created.remove();
  }
}

await main();
