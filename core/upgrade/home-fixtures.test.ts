import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../create-core.js';
import { createTestBrowser } from '../server/auth/test-support/test-browser.js';

const fixtures = fileURLToPath(new URL('../../fixtures/homes/', import.meta.url));

// Issue 14 ("Keep"): a home folder written by an earlier release upgrades in place and syncs with a
// peer on this release with nothing lost. 0.1.0's pair: A, the school's server, and B, a laptop
// that imported A's facility and was cut off half-way through pushing its changes.
describe('home folders written by 0.1.0', () => {
  const cores: Core[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of a fixture home, as if the new release were installed over it. */
  const copyOf = (release: string, name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `outpost-upgrade-${release}-${name}-`));
    dirs.push(dir);
    cpSync(join(fixtures, release, name), dir, { recursive: true });
    return dir;
  };

  const open = async (home: string) => {
    const core = await createCore({ home, sync: { allowLoopbackPeers: true } });
    cores.push(core);
    return core;
  };

  // Group members in id order: the list's order is the database's, which may differ between devices.
  const view = (core: Core, facilityId: string) => ({
    facility: core.facility.facilities.getFacility(facilityId),
    users: core.facility.users.listUsers(facilityId, { pageSize: 500 }).items,
    removed: core.facility.users.listUsers(facilityId, { pageSize: 500, deleted: true }).items,
    classes: core.facility.classes.listClasses(facilityId).map((room) => ({ ...room, detail: core.facility.classes.getClass(room.id), groups: core.facility.classes.listGroups(room.id).map((group) => ({ ...group, learnerIds: [...group.learnerIds].sort() })) })),
  });

  it('0.1.0: both homes open and migrate with their data, sign-in works, and the laptop then syncs with the server with nothing lost', async () => {
    const a = await open(copyOf('0.1.0', 'a'));
    const bHome = copyOf('0.1.0', 'b');
    const [facility] = a.facility.facilities.listFacilities();
    expect(facility?.name).toBe('Hillside School');
    const facilityId = facility!.id;

    // The laptop's paired peer moved with the server to a new port.
    const aUrl = await a.listen({ host: '127.0.0.1', port: 0 });
    const file = new Database(join(bHome, 'default.sqlite3'));
    file.prepare('update sync_peer set address = ?').run(aUrl);
    file.close();
    const b = await open(bHome);

    // What each release-0.1.0 home held is all there after the migrations.
    expect(a.facility.users.listUsers(facilityId, { pageSize: 500 }).total).toBe(61);
    expect(a.facility.users.listUsers(facilityId, { pageSize: 500, deleted: true }).items.map((user) => user.username)).toEqual(['learner60']);
    expect(a.facility.classes.listClasses(facilityId).map((room) => room.name)).toEqual(['Grade 4 North']);
    expect(b.facility.users.listUsers(facilityId, { pageSize: 500 }).total).toBe(181);
    expect(b.facility.classes.listClasses(facilityId).map((room) => [room.name, room.learnerCount])).toEqual([['Grade 4', 60]]);
    const browser = createTestBrowser(aUrl);
    expect((await browser.signIn('ada', 'ada-password')).status).toBe(200);
    expect((await createTestBrowser(aUrl).signIn('learner60', 'learner60-password')).status).toBe(401);

    // The laptop syncs with the server: its unfinished push is done over, nothing is lost either way.
    const [peer] = b.sync.peers.list();
    expect(peer?.address).toBe(aUrl);
    const outcome = await b.sync.peers.sync(peer!.id);
    expect(outcome.status).toBe('completed');
    expect(view(a, facilityId)).toEqual(view(b, facilityId));
    expect(a.facility.users.listUsers(facilityId, { pageSize: 500 }).total).toBe(181);
    expect(a.facility.classes.getClass(a.facility.classes.listClasses(facilityId)[0]!.id)).toMatchObject({ name: 'Grade 4 North', learnerCount: 60 });
    expect(a.facility.users.listUsers(facilityId, { search: 'edited on B', pageSize: 100 }).total).toBe(30);
    expect(await b.sync.peers.sync(peer!.id)).toMatchObject({ status: 'completed', pushed: 0, pulled: 0 });
    // A learner made on the laptop signs in on the server with the password set there. (Signing in
    // re-hashes a password made at a lower cost, an edit of its own, so it comes after the no-op check.)
    expect((await createTestBrowser(aUrl).signIn('newcomer7', 'newcomer-password')).status).toBe(200);

    // The transfers 0.1.0 left unfinished are abandoned, and their buffers go with them.
    for (const core of [a, b]) core.sync.cleanStaleTransfers(0);
    for (const core of [a, b]) {
      const db = core.databases.get<any>('default').handle;
      expect((db.prepare('select count(*) as n from sync_buffer').get() as { n: number }).n).toBe(0);
      expect((db.prepare("select count(*) as n from sync_transfer_session where active = 1 and status != 'COMPLETED'").get() as { n: number }).n).toBe(0);
    }
  });
});
