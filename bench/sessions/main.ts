// `npm run bench -- sessions`: the three session figures of issue 3, each printed beside its target.
//   (a) validations per second through the session manager, with 100,000 live sessions;
//   (b) GET /api/auth/session per second and its p99, over loopback, measured by autocannon in a
//       separate process against a real listening core;
//   (c) the time for invalidateUsers of 10,000 users holding 3 sessions each.
// Flags: --duration <s> for (b) (default 10), --connections <n> (default 10).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCore } from '../../core/create-core.js';
import { SESSION_COOKIE } from '../../core/server/auth/session-cookie.js';
import { createTempHome } from '../../core/test-support/temp-home.js';
import { runAutocannon } from '../support/run-autocannon.js';

const LIVE_SESSIONS = 100_000;
const INVALIDATED_USERS = 10_000;
const SESSIONS_PER_INVALIDATED_USER = 3;
const targets = { validationsPerSecond: 100_000, requestsPerSecond: 5_000, p99Ms: 20, invalidateMs: 100 };

const { values: flags } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } });

const format = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const home = createTempHome('outpost-bench-sessions-');
  const core = await createCore({ home: home.path, passwordHashCost: 4 });
  try {
    const url = await core.listen({ host: '127.0.0.1', port: 0 });
    const { facility } = await core.facility.setup.provision({ facilityName: 'Bench School', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
    const learner = await core.facility.users.createUser(facility.id, { username: 'amina', password: 'pw-amina', fullName: 'Amina', role: 'learner' });

    // 100,000 live sessions: 30,000 for the users of (c), the rest spread over other user ids.
    const sessionsDb = core.databases.get('sessions');
    const keys: string[] = [];
    const started = performance.now();
    sessionsDb.writeTransaction(() => {
      for (let n = 0; n < INVALIDATED_USERS * SESSIONS_PER_INVALIDATED_USER; n += 1) {
        keys.push(core.sessions.create({ userId: `doomed-${n % INVALIDATED_USERS}`, userAgent: 'Mozilla/5.0 (bench)', address: '10.0.0.1' }).key);
      }
      while (keys.length < LIVE_SESSIONS - 1) keys.push(core.sessions.create({ userId: `user-${keys.length % 40_000}`, userAgent: 'Mozilla/5.0 (bench)', address: '10.0.0.2' }).key);
    });
    // The request of (b) goes through real sign-in, so its session is the 100,000th.
    const csrf = await fetch(`${url}/api/auth/session`);
    const csrfToken = /outpost_csrftoken=([^;]+)/.exec(csrf.headers.getSetCookie().join('\n'))![1]!;
    const signIn = await fetch(`${url}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `outpost_csrftoken=${csrfToken}`, 'x-csrftoken': csrfToken },
      body: JSON.stringify({ username: 'amina', password: 'pw-amina' }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in failed with ${signIn.status}`);
    const sessionKey = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(signIn.headers.getSetCookie().join('\n'))![1]!;
    const signedInCsrfToken = /outpost_csrftoken=([^;]+)/.exec(signIn.headers.getSetCookie().join('\n'))?.[1] ?? csrfToken;
    console.log(`set-up: ${format(LIVE_SESSIONS)} live sessions in ${format((performance.now() - started) / 1000, 1)} s (user ${learner.username} signed in over HTTP)`);

    // (a) validations per second, random keys, after a warm-up.
    let sink = 0;
    const validate = (count: number) => {
      for (let n = 0; n < count; n += 1) if (core.sessions.validate(keys[(Math.random() * keys.length) | 0]!)) sink += 1;
    };
    validate(50_000);
    const rounds: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const count = 200_000;
      const t0 = performance.now();
      validate(count);
      rounds.push(count / ((performance.now() - t0) / 1000));
    }
    if (sink === 0) throw new Error('no validation succeeded');
    const validationsPerSecond = median(rounds);

    // (b) the full authenticated round trip.
    // Both cookies, as a browser sends them: without its CSRF cookie every answer would mint a new one.
    const load = await runAutocannon(`${url}/api/auth/session`, `${SESSION_COOKIE}=${sessionKey}; outpost_csrftoken=${signedInCsrfToken}`, { connections: flags.connections, seconds: flags.duration });
    if (load.non2xx > 0 || load.errors > 0) throw new Error(`load run had ${load.non2xx} non-2xx answers and ${load.errors} errors`);

    // (c) invalidating 10,000 users × 3 sessions; repeated on fresh sessions, median reported.
    const doomed = Array.from({ length: INVALIDATED_USERS }, (_, n) => `doomed-${n}`);
    const timings: number[] = [];
    let ended = 0;
    for (let run = 0; run < 3; run += 1) {
      if (run > 0) {
        sessionsDb.writeTransaction(() => {
          for (let n = 0; n < INVALIDATED_USERS * SESSIONS_PER_INVALIDATED_USER; n += 1) core.sessions.create({ userId: doomed[n % INVALIDATED_USERS]! });
        });
      }
      const t0 = performance.now();
      ended = core.sessions.invalidateUsers(doomed, 'user-deleted');
      timings.push(performance.now() - t0);
    }
    if (ended !== INVALIDATED_USERS * SESSIONS_PER_INVALIDATED_USER) throw new Error(`invalidateUsers ended ${ended} sessions`);
    const invalidateMs = median(timings);

    console.log('');
    console.log('figure                                              measured            target       ');
    console.log(`(a) validations / s (manager, 100,000 sessions)     ${format(validationsPerSecond).padEnd(19)} ≥ ${format(targets.validationsPerSecond)}    ${verdict(validationsPerSecond >= targets.validationsPerSecond)}`);
    console.log(`(b) GET /api/auth/session req / s (${flags.connections} conns, ${flags.duration} s) ${format(load.requests.average).padEnd(19)} ≥ ${format(targets.requestsPerSecond)}      ${verdict(load.requests.average >= targets.requestsPerSecond)}`);
    console.log(`    p99 latency (ms)                                ${format(load.latency.p99, 1).padEnd(19)} < ${targets.p99Ms}         ${verdict(load.latency.p99 < targets.p99Ms)}`);
    console.log(`(c) invalidateUsers 10,000 users × 3 sessions (ms)  ${format(invalidateMs, 1).padEnd(19)} < ${targets.invalidateMs}        ${verdict(invalidateMs < targets.invalidateMs)}`);
    console.log('');
    console.log(`details: (a) rounds ${rounds.map((r) => format(r)).join(', ')}; (b) p50 ${load.latency.p50} ms, ${format(load.requests.total)} requests; (c) runs ${timings.map((t) => format(t, 1)).join(', ')} ms`);
  } finally {
    await core.close();
    home.remove();
  }
}

await main();
