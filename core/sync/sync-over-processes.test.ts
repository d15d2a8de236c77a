import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { apiPath, apiRoutes } from '../contract/api-routes.js';
import { createTestBrowser, type TestBrowser } from '../server/auth/test-support/test-browser.js';
import { runCli } from '../test-support/run-cli.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { createCoreHarness, type CoreDevice, type CoreHarness } from './test-support/core-harness.js';
import { freePort, startServerProcess, type ServerProcess } from './test-support/server-process.js';

const syncCli = fileURLToPath(new URL('../cli/sync.ts', import.meta.url));

/** What two devices' stores must agree on after a sync, and what must be gone. */
function storeOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      records: db.prepare('select id, partition, serialized, deleted, hard_deleted, last_saved_instance, last_saved_counter, versions from sync_store order by id').all(),
      // A sender's buffer rows and a receiver's notes of merged chunks: a finished transfer leaves neither.
      buffers: (db.prepare('select (select count(*) from sync_buffer) + (select count(*) from sync_received_range) as n').get() as { n: number }).n,
      unfinished: (db.prepare('select count(*) as n from sync_transfer_session where active = 1').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** The sync CLI in a third process. */
const runSyncCli = (args: string[]) => runCli(syncCli, args, 40_000);

/**
 * Two servers in separate processes on loopback: A is `serve.ts` in a child process, B a core in
 * the test process (and C the sync CLI in a third). They pair over HTTP and sync both ways; A is
 * killed in the middle of receiving a push and restarted, and the next sync ends with both stores
 * identical and no buffers left.
 */
describe('sync between separate processes over HTTP', () => {
  let harness: CoreHarness | undefined;
  const homes: TempHome[] = [];
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.kill();
    await harness?.dispose();
    for (const home of homes.splice(0)) home.remove();
  });

  async function serverA() {
    const home = createTempHome('outpost-proc-a-');
    homes.push(home);
    const port = await freePort();
    const a = await startServerProcess(home.path, port);
    servers.push(a);
    const admin = createTestBrowser(a.url);
    await admin.request('GET', apiRoutes.setup);
    const setup = await admin.request('POST', apiRoutes.setup, { facilityName: 'Ridge School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    expect(setup.status).toBe(201);
    expect((await admin.signIn('root', 'rootpw')).status).toBe(200);
    return { a, home, port, admin, facilityId: setup.body.facility.id as string };
  }

  async function pairFresh(b: CoreDevice, a: ServerProcess, facilityId: string): Promise<{ browser: TestBrowser; peerId: string }> {
    const browser = createTestBrowser(b.baseUrl);
    await browser.request('GET', apiRoutes.setup);
    const paired = await browser.request('POST', apiRoutes.peers, { address: a.url, username: 'root', password: 'rootpw', facilityId });
    expect(paired.status).toBe(201);
    expect((await browser.signIn('root', 'rootpw')).status).toBe(200);
    return { browser, peerId: paired.body.peer.id as string };
  }

  it('pairs, syncs both ways, and resumes a push after the receiving server was killed mid-transfer', async () => {
    let { a, home, port, admin, facilityId } = await serverA();
    const created = await admin.request('POST', apiPath(apiRoutes.facilityUsers, facilityId), { username: 'lina', password: 'linapw', fullName: 'Lina Learner', role: 'learner' });
    expect(created.status).toBe(201);

    harness = createCoreHarness({ transport: 'http' });
    const b = await harness.device('b');
    await b.listen();
    const { browser, peerId } = await pairFresh(b, a, facilityId);
    expect(b.core.facility.users.getUser(created.body.id)?.fullName).toBe('Lina Learner');

    // Both sides change something; B also makes a few thousand records to push.
    expect((await admin.request('PATCH', apiPath(apiRoutes.facility, facilityId), { name: 'Ridge School (renamed on A)' })).status).toBe(200);
    await b.core.facility.users.createUser(facilityId, { username: 'tumi', password: 'pw', fullName: 'Tumi on B', role: 'learner' });
    for (let i = 0; i < 3000; i++) b.core.facility.classes.createClass(facilityId, { name: `Class ${i}` });

    // Kill A while it is receiving B's push.
    let killing: Promise<void> | undefined;
    const stop = b.core.sync.onDidProgress((progress) => {
      if (progress.role === 'client' && progress.direction === 'push' && progress.stage === 'TRANSFERRING' && progress.recordsDone >= 1000) killing ??= a.kill();
    });
    const cut = await browser.request('POST', apiPath(apiRoutes.peerSync, peerId));
    stop();
    expect(killing).toBeDefined();
    await killing;
    expect(cut).toMatchObject({ status: 502, body: { code: 'PEER_UNREACHABLE' } });

    // A comes back on the same address; the next sync resumes the same push.
    a = await startServerProcess(home.path, port);
    servers.push(a);
    const pushesBefore = (b.core.databases.get<any>('default').handle.prepare("select count(*) as n from sync_transfer_session where direction = 'push'").get() as { n: number }).n;
    const resumed = await browser.request('POST', apiPath(apiRoutes.peerSync, peerId));
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'completed', pulled: 1 });
    expect(resumed.body.pushed).toBeGreaterThanOrEqual(3001);
    const pushesAfter = (b.core.databases.get<any>('default').handle.prepare("select count(*) as n from sync_transfer_session where direction = 'push'").get() as { n: number }).n;
    expect(pushesAfter).toBe(pushesBefore);
    expect(b.core.facility.facilities.getFacility(facilityId)?.name).toBe('Ridge School (renamed on A)');

    // A sees B's changes over its own API. Signing in rehashes Tumi's password at A's cost, a local
    // write that A's store holds at once; the next sync brings it to B, and one more has nothing.
    const signedIn = createTestBrowser(a.url);
    await signedIn.signIn('tumi', 'pw').then((response) => expect(response.status).toBe(200));
    expect((await browser.request('POST', apiPath(apiRoutes.peerSync, peerId))).body).toMatchObject({ status: 'completed', pushed: 0, pulled: 1 });
    expect((await browser.request('POST', apiPath(apiRoutes.peerSync, peerId))).body).toMatchObject({ status: 'completed', pushed: 0, pulled: 0 });

    // Both stores hold exactly the same records.
    await a.stop();
    const onA = storeOf(join(home.path, 'default.sqlite3'));
    const onB = storeOf(join(b.core.config.home, 'default.sqlite3'));
    expect(onA.records.length).toBeGreaterThan(3000);
    expect(onA.records).toEqual(onB.records);
    expect([onA.buffers, onB.buffers, onA.unfinished, onB.unfinished]).toEqual([0, 0, 0, 0]);
  }, 90_000);

  it('npm run sync imports a facility into a fresh home from a server in another process; bad flags exit 2', async () => {
    const { a, facilityId } = await serverA();
    const home = createTempHome('outpost-proc-cli-');
    homes.push(home);
    const run = await runSyncCli(['--home', home.path, '--peer', a.url, '--facility', facilityId, '--username', 'root', '--password', 'rootpw', '--allow-loopback-peers']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Paired with ${a.url}`);
    expect(run.stdout).toMatch(/Sync completed: pushed 0, pulled \d+ records/);
    const again = await runSyncCli(['--home', home.path, '--peer', a.url, '--facility', facilityId, '--username', 'root', '--password', 'rootpw', '--allow-loopback-peers']);
    expect(again.stdout).toMatch(/Sync completed: pushed 0, pulled 0 records/);

    const bad = await runSyncCli(['--home', home.path, '--peer', 'ftp://x', '--facility', facilityId, '--username', 'root', '--password', 'pw']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await runSyncCli(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const wrong = await runSyncCli(['--home', home.path, '--peer', a.url, '--facility', facilityId, '--username', 'root', '--password', 'wrong', '--allow-loopback-peers']);
    expect(wrong.code).toBe(0); // already paired: the stored certificate is used, not the password
  }, 90_000);
});
