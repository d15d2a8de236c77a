// `npm run bench -- import-job`: issue 18's figure: 40 learners' requests during a 1,000-learner CSV
// import at the real password cost (scrypt 2^14). The import runs as a background job in this
// process; autocannon, in a separate process, plays 40 signed-in learners (40 connections, each
// asking GET /api/auth/session at a steady rate) while it runs, and prints their p99 beside the
// target (100 ms), then the import's time.
// Flags: --rows <n> (default 1000), --duration <s> of the measurement (default 15), --rate <req/s in all>
// (default 200), --hashers <n> passwords hashed at once (default: one per core).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createCore } from '../../core/create-core.js';
import { SESSION_COOKIE } from '../../core/server/auth/session-cookie.js';
import { createTempHome } from '../../core/test-support/temp-home.js';
import { runAutocannon } from '../support/run-autocannon.js';

const { values: flags } = parseArgs({
  options: { rows: { type: 'string', default: '1000' }, duration: { type: 'string', default: '15' }, rate: { type: 'string', default: '200' }, hashers: { type: 'string' } },
});
const TARGET_P99_MS = 100;

async function main(): Promise<void> {
  const rows = Number(flags.rows);
  const home = createTempHome('outpost-bench-import-');
  // The default password cost: the figure is about the real one.
  const core = await createCore({ home: home.path, importHashConcurrency: flags.hashers === undefined ? undefined : Number(flags.hashers) });
  try {
    const url = await core.listen({ host: '127.0.0.1', port: 0 });
    const { facility } = await core.facility.setup.provision({ facilityName: 'Bench School', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
    await core.facility.users.createUser(facility.id, { username: 'amina', password: 'pw-amina-1', fullName: 'Amina', role: 'learner' });
    const csrf = await fetch(`${url}/api/auth/session`);
    const csrfToken = /outpost_csrftoken=([^;]+)/.exec(csrf.headers.getSetCookie().join('\n'))![1]!;
    const signIn = await fetch(`${url}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `outpost_csrftoken=${csrfToken}`, 'x-csrftoken': csrfToken },
      body: JSON.stringify({ username: 'amina', password: 'pw-amina-1' }),
    });
    if (signIn.status !== 200) throw new Error(`sign-in failed with ${signIn.status}`);
    const sessionKey = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(signIn.headers.getSetCookie().join('\n'))![1]!;

    const csv = ['username,password,full_name', ...Array.from({ length: rows }, (_, i) => `pupil${i},secret-${i}-pw,Pupil ${i}`)].join('\n');
    const started = performance.now();
    const job = core.importJobs.start(facility.id, csv);
    const finished = new Promise<number>((resolve) => {
      const stop = core.importJobs.onDidChange((changed) => {
        if (changed.id === job.id && changed.finishedAt !== undefined) {
          stop();
          resolve(performance.now() - started);
        }
      });
    });
    const load = await runAutocannon(`${url}/api/auth/session`, `${SESSION_COOKIE}=${sessionKey}`, { connections: '40', rate: flags.rate, seconds: flags.duration });
    const doneDuringLoad = core.importJobs.get(job.id)!;
    const importMs = await finished;
    const final = core.importJobs.get(job.id)!;

    console.log(`machine: ${availableParallelism()} cores, Node ${process.version}, libuv threadpool ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, ${flags.hashers ?? availableParallelism()} hashes at once, load average ${loadavg()[0]!.toFixed(2)} at the start`);
    console.log(`learners (40 connections, ${flags.rate} req/s in all, ${flags.duration} s during the import): p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms (target < ${TARGET_P99_MS}: ${load.latency.p99 < TARGET_P99_MS ? 'ok' : 'MISSED'}), max ${load.latency.max} ms, ${load.requests.total} requests, ${load.non2xx} non-2xx, ${load.errors} errors`);
    console.log(`import: ${final.status}, ${final.created ?? 0} of ${rows} users in ${(importMs / 1000).toFixed(1)} s (${(importMs / rows).toFixed(1)} ms per user); ${doneDuringLoad.done} hashed when the measurement ended${doneDuringLoad.finishedAt === undefined ? ' (still running: the whole measurement was under load)' : ' (it finished within the measurement)'}`);
  } finally {
    await core.close();
    home.remove();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
