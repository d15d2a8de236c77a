// `npm run bench -- sync`: peer sync between headless servers in separate processes (issue 8).
// For each size (records of users and class memberships):
//   push:  device P2 holds N new records and pushes them to P1 (POST /api/sync/peers/:id/sync);
//   pull:  a fresh device P3 pairs with P1 and imports the facility (POST /api/sync/peers);
//   no-op: each then syncs again with nothing new.
// Each server is core/cli/serve.ts in its own process and home, on loopback; P1 sits behind a TCP
// proxy that counts bytes on the wire. Peak memory is each process's VmHWM (peak RSS).
// The servers run the compiled core (built first with `tsc -p tsconfig.build.json`), so their
// memory is the server's, not a TypeScript loader's.
// Kill and resume (issue 8's acceptance): at the sizes named by --kill-at (default: the largest),
// a second pusher P4 with N records of its own starts pushing to P1, P1 is SIGKILLed half-way
// through receiving, restarted on the same home and port, and P4 syncs again; then both stores
// are compared record by record, and no buffer or unfinished transfer may be left.
// The classroom figure (issue 14): at the sizes named by --classroom-at (default: the largest), 40
// learners signed in on P1 poll GET /api/auth/session every 500 ms, first for 5 s idle, then while
// the fresh device P3 imports the facility from P1; each wait is measured from when the poll was
// due, so a poll the server could not answer on time counts in full.
// Flags: --sizes 1000,10000,100000 --kill-at 100000 --classroom-at 100000
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { apiPath, apiRoutes } from '../../core/contract/api-routes.js';
import { createCore } from '../../core/create-core.js';
import { createTestBrowser, type TestBrowser } from '../../core/server/auth/test-support/test-browser.js';
import { freePort, startServerProcess, type ServerProcess } from '../../core/sync/test-support/server-process.js';
import { readSse } from '../../core/test-support/sse-reader.js';
import { splitThreadCpu, threadCpu, type ThreadCpuSplit } from '../support/thread-cpu.js';
import { CLASSROOM_LEARNERS, POLL_MS, startClassroom, type PollFigures } from '../support/classroom-polls.js';
import { createTempHome, type TempHome } from '../../core/test-support/temp-home.js';
import { startByteCountingProxy } from './byte-counting-proxy.js';

const targets = { pushSeconds: 5, pullSeconds: 5, peakMb: 200, noopSeconds: 0.2, growthMb: 20, scalingRatio: 11, classroomP99Ms: 100, classroomMaxMs: 250 };
const { values: flags } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, 'kill-at': { type: 'string' }, 'classroom-at': { type: 'string' } } });
const sizes = flags.sizes.split(',').map((text) => Number(text.trim()));
const killAt = new Set((flags['kill-at'] ?? String(Math.max(...sizes))).split(',').filter(Boolean).map((text) => Number(text.trim())));
const classroomAt = new Set((flags['classroom-at'] ?? String(Math.max(...sizes))).split(',').filter(Boolean).map((text) => Number(text.trim())));

const format = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const mb = (bytes: number) => bytes / (1024 * 1024);

/** Peak resident memory of a process so far (Linux `VmHWM`), in bytes. */
function peakRss(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU time a process used so far, all its threads (Linux `utime + stime`, 100 ticks a second), in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const CREDENTIALS = { username: 'root', password: 'root-password' };

/** Writes `users` learners (CSV imports of 10,000) and one class per 500 of them, with memberships. */
async function seedLearners(home: string, facilityId: string, users: number, prefix = 'learner'): Promise<void> {
  const core = await createCore({ home, passwordHashCost: 1 });
  try {
    for (let start = 0; start < users; start += 10_000) {
      const rows = ['username,password,full_name'];
      for (let n = start; n < Math.min(users, start + 10_000); n++) rows.push(`${prefix}${n},pw${n},Learner Number ${n}`);
      await core.facility.users.importUsersCsv(facilityId, rows.join('\n'));
    }
    const ids = core.facility.users.allActiveUsers(facilityId).filter((user) => user.kind === 'learner' && user.username.startsWith(prefix)).map((user) => user.id);
    for (let start = 0; start < ids.length; start += 500) {
      const room = core.facility.classes.createClass(facilityId, { name: `${prefix} class ${start / 500 + 1}` });
      core.facility.classes.setClassLearners(room.id, ids.slice(start, start + 500));
    }
  } finally {
    await core.close();
  }
}

async function signedIn(url: string): Promise<TestBrowser> {
  const browser = createTestBrowser(url);
  const response = await browser.signIn(CREDENTIALS.username, CREDENTIALS.password);
  if (response.status !== 200) throw new Error(`sign-in on ${url} failed: ${JSON.stringify(response.body)}`);
  return browser;
}

async function pair(device: ServerProcess, address: string, facilityId: string) {
  const browser = createTestBrowser(device.url);
  await browser.request('GET', apiRoutes.setup);
  const started = performance.now();
  const response = await browser.request('POST', apiRoutes.peers, { address, ...CREDENTIALS, facilityId });
  if (response.status !== 201) throw new Error(`pairing failed: ${JSON.stringify(response.body)}`);
  return { peerId: response.body.peer.id as string, pulled: response.body.imported.pulled as number, seconds: (performance.now() - started) / 1000 };
}

async function sync(browser: TestBrowser, peerId: string) {
  const started = performance.now();
  const response = await browser.request('POST', apiPath(apiRoutes.peerSync, peerId));
  if (response.status !== 200) throw new Error(`sync failed: ${JSON.stringify(response.body)}`);
  return { ...(response.body as { status: string; pushed: number; pulled: number; durationMs: number }), seconds: (performance.now() - started) / 1000 };
}

/** What a device's store holds, for comparing two devices after a sync. */
function storeOf(home: string) {
  const db = new Database(join(home, 'default.sqlite3'), { readonly: true });
  try {
    return {
      records: db.prepare('select id, serialized, deleted, hard_deleted, last_saved_instance, last_saved_counter, versions from sync_store order by id').all(),
      // A sender's buffer rows and a receiver's notes of merged chunks: a finished transfer leaves neither.
      buffers: (db.prepare('select (select count(*) from sync_buffer) + (select count(*) from sync_received_range) as n').get() as { n: number }).n,
      unfinished: (db.prepare('select count(*) as n from sync_transfer_session where active = 1').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** Follows a peer's progress stream on a device until `until` says so; answers when it did, and fails if the stream ends first. */
async function whenProgress(device: ServerProcess, browser: TestBrowser, peerId: string, until: (event: { direction: string; stage: string; recordsDone: number }) => boolean): Promise<void> {
  const response = await fetch(`${device.url}${apiPath(apiRoutes.peerEvents, peerId)}`, { headers: { cookie: `outpost_session=${browser.cookie('outpost_session')}` } });
  const reader = readSse(response);
  try {
    // A push of 100,000 records takes minutes: the limit only turns a hang into an error.
    await reader.waitFor((event) => until(JSON.parse(event.data)), 60 * 60_000);
  } finally {
    reader.stop();
  }
}


interface KillFigures {
  readonly killedAtRecords: number;
  readonly firstAnswer: number;
  readonly resumeSeconds: number;
  readonly identical: boolean;
  readonly records: number;
  readonly leftovers: number;
  readonly sameTransfer: boolean;
}

/** P4 pushes N records to P1; P1 is killed half-way, restarted, and P4 syncs again. */
async function killAndResume(size: number, p1: ServerProcess, p1Home: string, facilityId: string, proxyUrl: string, start: (home: TempHome) => Promise<ServerProcess>, home4: TempHome) {
  let p4 = await start(home4);
  const { peerId } = await pair(p4, proxyUrl, facilityId);
  await p4.stop();
  await seedLearners(home4.path, facilityId, Math.ceil(size / 2), 'kill');
  p4 = await start(home4);
  const onP4 = await signedIn(p4.url);
  let killedAt = 0;
  const watching = whenProgress(p4, onP4, peerId, (event) => event.direction === 'push' && event.stage === 'TRANSFERRING' && event.recordsDone >= size / 2 && ((killedAt = event.recordsDone), true));
  const first = onP4.request('POST', apiPath(apiRoutes.peerSync, peerId));
  await watching;
  await p1.kill();
  const firstAnswer = (await first).status;
  const restarted = await startServerProcess(p1Home, p1.port, { compiled: true });
  const started = performance.now();
  const resumed = await onP4.request('POST', apiPath(apiRoutes.peerSync, peerId));
  const resumeSeconds = (performance.now() - started) / 1000;
  if (resumed.status !== 200) throw new Error(`resumed sync failed: ${JSON.stringify(resumed.body)}`);
  const pushTransfers = await restarted.stop().then(() => p4.stop()).then(() => {
    const db = new Database(join(home4.path, 'default.sqlite3'), { readonly: true });
    try {
      return (db.prepare("select count(*) as n from sync_transfer_session where direction = 'push'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  });
  const onP1 = storeOf(p1Home);
  const onP4Store = storeOf(home4.path);
  return {
    killedAtRecords: killedAt,
    firstAnswer,
    resumeSeconds,
    identical: JSON.stringify(onP1.records) === JSON.stringify(onP4Store.records),
    records: onP1.records.length,
    leftovers: onP1.buffers + onP4Store.buffers + onP1.unfinished + onP4Store.unfinished,
    // The pairing's first (empty) push plus the interrupted one, resumed rather than restarted.
    sameTransfer: pushTransfers === 2,
  } satisfies KillFigures;
}

interface Figures {
  readonly size: number;
  readonly pushed: number;
  readonly pushSeconds: number;
  readonly pushBytes: { up: number; down: number };
  readonly pushNoopSeconds: number;
  readonly pulled: number;
  readonly pullSeconds: number;
  readonly pullBytes: { up: number; down: number };
  readonly pullNoopSeconds: number;
  readonly peakMb: { p1: number; p2: number; p3: number };
  /** P1's peak RSS before it served the pull (so after the push): which half of its work set the peak. */
  readonly p1PeakAfterPushMb: number;
  /** CPU seconds each side spent: push (P2 sending, P1 receiving) and pull (P1 serving, P3 importing). */
  readonly cpu: { readonly push: { readonly p1: number; readonly p2: number }; readonly pull: { readonly p1: number; readonly p3: number } };
  /** The receivers' CPU by thread: P1 receiving the push, P3 importing. */
  readonly receiverThreads: { readonly push: ThreadCpuSplit; readonly pull: ThreadCpuSplit };
  readonly kill?: KillFigures;
  readonly classroom?: { readonly idle: PollFigures; readonly importing: PollFigures };
}

async function measure(size: number): Promise<Figures> {
  const homes: TempHome[] = [1, 2, 3, 4].map((n) => createTempHome(`outpost-bench-sync-p${n}-`));
  const processes: ServerProcess[] = [];
  const start = async (home: TempHome) => {
    const server = await startServerProcess(home.path, await freePort(), { compiled: true });
    processes.push(server);
    return server;
  };
  try {
    // P1: the facility, set up in its own home before its server starts.
    const setup = await createCore({ home: homes[0]!.path, passwordHashCost: 4 });
    const { facility } = await setup.facility.setup.provision({ facilityName: 'Bench School', superuser: { username: CREDENTIALS.username, password: CREDENTIALS.password, fullName: 'Root' } });
    await setup.close();
    const p1 = await start(homes[0]!);
    const proxy = await startByteCountingProxy(p1.port);

    // P2 pairs with P1 (importing the near-empty facility), is stopped, gets N new records, and comes back.
    let p2 = await start(homes[1]!);
    const { peerId: p2Peer } = await pair(p2, proxy.url, facility.id);
    await p2.stop();
    processes.splice(processes.indexOf(p2), 1);
    const seedStarted = performance.now();
    await seedLearners(homes[1]!.path, facility.id, Math.ceil(size / 2));
    process.stderr.write(`  [${format(size)}] seeded in ${format((performance.now() - seedStarted) / 1000, 1)} s\n`);
    p2 = await start(homes[1]!);
    const onP2 = await signedIn(p2.url);
    proxy.reset();
    // CPU seconds are the figure that holds on a shared VM: wall time waits for the other tenants.
    const cpuBeforePush = { p1: cpuSeconds(p1.pid), p2: cpuSeconds(p2.pid) };
    const p1ThreadsBeforePush = threadCpu(p1.pid);
    const push = await sync(onP2, p2Peer);
    const pushCpu = { p1: cpuSeconds(p1.pid) - cpuBeforePush.p1, p2: cpuSeconds(p2.pid) - cpuBeforePush.p2 };
    const pushReceiverThreads = splitThreadCpu(p1.pid, p1ThreadsBeforePush, threadCpu(p1.pid));
    const pushBytes = proxy.counters();
    const pushNoop = await sync(onP2, p2Peer);
    const p1PeakAfterPushMb = mb(peakRss(p1.pid));

    // P3: a fresh device imports everything from P1 (with the classroom polling P1, at the sizes asked).
    const p3 = await start(homes[2]!);
    const room = classroomAt.has(size) ? await startClassroom(p1.url) : undefined;
    let idle: PollFigures | undefined;
    if (room) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      idle = room.mark();
    }
    proxy.reset();
    const cpuBeforePull = { p1: cpuSeconds(p1.pid), p3: cpuSeconds(p3.pid) };
    const p3ThreadsBeforePull = threadCpu(p3.pid);
    const pull = await pair(p3, proxy.url, facility.id);
    const pullCpu = { p1: cpuSeconds(p1.pid) - cpuBeforePull.p1, p3: cpuSeconds(p3.pid) - cpuBeforePull.p3 };
    const pullReceiverThreads = splitThreadCpu(p3.pid, p3ThreadsBeforePull, threadCpu(p3.pid));
    const pullBytes = proxy.counters();
    const classroom = room && idle ? { idle, importing: await room.stop() } : undefined;
    const onP3 = await signedIn(p3.url);
    const pullNoop = await sync(onP3, (await onP3.request('GET', apiRoutes.peers)).body.peers[0].id);

    const peakMb = { p1: mb(peakRss(processes[0]!.pid)), p2: mb(peakRss(p2.pid)), p3: mb(peakRss(p3.pid)) };
    const kill = killAt.has(size) ? await killAndResume(size, processes[0]!, homes[0]!.path, facility.id, proxy.url, start, homes[3]!) : undefined;
    const figures: Figures = {
      size,
      pushed: push.pushed,
      pushSeconds: push.seconds,
      pushBytes,
      pushNoopSeconds: pushNoop.seconds,
      pulled: pull.pulled,
      pullSeconds: pull.seconds,
      pullBytes,
      pullNoopSeconds: pullNoop.seconds,
      peakMb,
      p1PeakAfterPushMb,
      cpu: { push: pushCpu, pull: pullCpu },
      receiverThreads: { push: pushReceiverThreads, pull: pullReceiverThreads },
      ...(kill ? { kill } : {}),
      ...(classroom ? { classroom } : {}),
    };
    await proxy.close();
    return figures;
  } finally {
    for (const server of processes) await (process.env["OUTPOST_PROFILE_DIR"] ? server.stop() : server.kill());
    for (const home of homes) home.remove();
  }
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the core failed');
  console.log(`Sync benchmark: servers in separate processes on loopback (Node ${process.version}, ${format(Number(readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length ?? 0))} cores)`);
  const all: Figures[] = [];
  for (const size of sizes) {
    const figures = await measure(size);
    all.push(figures);
    const { pushed, pulled } = figures;
    console.log(`\n${format(size)} records (target figures at 100,000)`);
    console.log(`  push  ${format(pushed)} records in ${format(figures.pushSeconds, 2)} s = ${format(pushed / figures.pushSeconds)} records/s   (target ≤ ${targets.pushSeconds} s: ${verdict(figures.pushSeconds <= targets.pushSeconds)})`);
    console.log(`        on the wire: ${format(mb(figures.pushBytes.up), 1)} MB up, ${format(mb(figures.pushBytes.down), 2)} MB down (${format(figures.pushBytes.up / Math.max(1, pushed))} B/record)`);
    console.log(`  pull  ${format(pulled)} records in ${format(figures.pullSeconds, 2)} s = ${format(pulled / figures.pullSeconds)} records/s   (target ≤ ${targets.pullSeconds} s: ${verdict(figures.pullSeconds <= targets.pullSeconds)})`);
    console.log(`        on the wire: ${format(mb(figures.pullBytes.up), 2)} MB up, ${format(mb(figures.pullBytes.down), 1)} MB down (${format(figures.pullBytes.down / Math.max(1, pulled))} B/record)`);
    console.log(`  no-op sync after push ${format(figures.pushNoopSeconds, 3)} s, after pull ${format(figures.pullNoopSeconds, 3)} s   (target ≤ ${targets.noopSeconds} s: ${verdict(Math.max(figures.pushNoopSeconds, figures.pullNoopSeconds) <= targets.noopSeconds)})`);
    if (figures.classroom) {
      const line = (name: string, f: PollFigures) =>
        `  classroom ${name}: ${CLASSROOM_LEARNERS} learners polling GET /api/auth/session every ${POLL_MS} ms on P1, ${format(f.polls)} polls: p50 ${format(f.p50, 1)} ms, p95 ${format(f.p95, 1)} ms, p99 ${format(f.p99, 1)} ms, max ${format(f.max, 1)} ms, errors ${f.errors}`;
      const { idle, importing } = figures.classroom;
      console.log(line('idle     ', idle));
      console.log(
        `${line('importing', importing)}   (target p99 < ${targets.classroomP99Ms} ms, max < ${targets.classroomMaxMs} ms, no error: ${verdict(importing.p99 < targets.classroomP99Ms && importing.max < targets.classroomMaxMs && importing.errors === 0)})`,
      );
    }
    const peak = Math.max(figures.peakMb.p1, figures.peakMb.p2, figures.peakMb.p3);
    if (figures.kill) {
      const k = figures.kill;
      console.log(`  kill P1 at ${format(k.killedAtRecords)} pushed records → first sync answered ${k.firstAnswer}; resumed sync ${format(k.resumeSeconds, 2)} s;`);
      console.log(`        stores identical: ${k.identical ? 'yes' : 'NO'} (${format(k.records)} records), buffers/unfinished left: ${k.leftovers}, same transfer resumed: ${k.sameTransfer ? 'yes' : 'NO'}   (${verdict(k.identical && k.leftovers === 0 && k.sameTransfer)})`);
    }
    const { push: pc, pull: lc } = figures.cpu;
    console.log(`  CPU: push P2 ${format(pc.p2, 2)} s + P1 ${format(pc.p1, 2)} s; pull P1 ${format(lc.p1, 2)} s + P3 ${format(lc.p3, 2)} s (load average ${os.loadavg().map((n) => format(n, 1)).join(' ')})`);
    // Which thread bounds a receiver: its sync worker (user and system: SQLite's page writes are
    // system time), its main thread, or V8's GC helpers (the other threads).
    const threads = (split: ThreadCpuSplit) => `worker ${format(split.busiest.user, 2)} + ${format(split.busiest.system, 2)} s, main ${format(split.main.user + split.main.system, 2)} s, other threads ${format(split.others, 2)} s`;
    console.log(`  receivers' CPU by thread (user + system): push P1 ${threads(figures.receiverThreads.push)}; pull P3 ${threads(figures.receiverThreads.pull)}`);
    console.log(`  peak RSS: P1 (facility) ${format(figures.peakMb.p1)} MB, P2 (pusher) ${format(figures.peakMb.p2)} MB, P3 (fresh puller) ${format(figures.peakMb.p3)} MB   (target < ${targets.peakMb} MB: ${verdict(peak < targets.peakMb)}); P1 after the push ${format(figures.p1PeakAfterPushMb)} MB`);
  }
  if (all.length > 1) {
    const first = all[0]!;
    const last = all[all.length - 1]!;
    const growth = Math.max(last.peakMb.p1, last.peakMb.p2, last.peakMb.p3) - Math.max(first.peakMb.p1, first.peakMb.p2, first.peakMb.p3);
    console.log(`\nPeak RSS from ${format(first.size)} to ${format(last.size)} records: ${growth >= 0 ? '+' : ''}${format(growth)} MB (target < ${targets.growthMb} MB: ${verdict(growth < targets.growthMb)})`);
    // Linear scaling: ×10 records may cost at most ×11 the time (issue 14).
    const sizeRatio = last.size / first.size;
    const allowed = (targets.scalingRatio * sizeRatio) / 10;
    const pushRatio = last.pushSeconds / first.pushSeconds;
    const pullRatio = last.pullSeconds / first.pullSeconds;
    console.log(`Time from ${format(first.size)} to ${format(last.size)} records (×${format(sizeRatio)}): push ×${format(pushRatio, 1)}, pull ×${format(pullRatio, 1)}   (target ≤ ×${format(allowed, 1)}: ${verdict(pushRatio <= allowed && pullRatio <= allowed)})`);
  }
}

await main();
