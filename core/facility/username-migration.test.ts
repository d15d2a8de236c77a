import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../create-core.js';
import { createTestBrowser } from '../server/auth/test-support/test-browser.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';

/**
 * Issue 19, item 6: a home folder written before usernames were normalised. Its old unique index
 * (NOCASE, ASCII only) let `élève` in NFC and NFD, and `amina` beside fullwidth `ａｍｉｎａ`, live
 * side by side. Opening it migrates: every user keeps their row, the earliest of each clash keeps
 * the username, the later one is held and reported, and start-up does not fail.
 */
describe('migration 0302-facility-username-keys on an old home folder', () => {
  let home: TempHome;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    home?.remove();
  });

  const nfc = 'élève'.normalize('NFC');
  const nfd = 'élève'.normalize('NFD');

  it('keys every user, holds and reports the later of each clash, and signs the normalised forms in to one account', async () => {
    home = createTempHome('outpost-username-migration-');
    // A current core writes the file once, then SQL turns it back into the schema before 0101.
    const first = await createCore({ home: home.path, passwordHashCost: 4 });
    const { facility } = await first.facility.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'pw', fullName: 'Root' } });
    await first.close();

    const file = join(home.path, 'default.sqlite3');
    const old = new Database(file);
    const hash = (old.prepare("select password_hash from facility_user where username = 'root'").get() as { password_hash: string }).password_hash;
    old.exec(`
      drop table facility_username;
      delete from kysely_migration where name = '0302-facility-username-keys';
      -- Migrations named after 0302 are undone too, so the folder is as 0302 first found it.
      delete from kysely_migration where name > '0302-facility-username-keys';
      alter table device_settings drop column device_name;
      drop table sync_client;
      alter table sync_peer drop column peer_name;
      alter table sync_peer drop column last_success_at;
      alter table sync_peer drop column consecutive_failures;
      alter table sync_peer drop column stopped_reason;
      alter table sync_peer drop column stopped_at;
      alter table sync_peer drop column schedule;
      drop index facility_user_username;
      create unique index facility_user_username on facility_user (facility_id, username);
      create index facility_user_username_any on facility_user (username);
    `);
    const insert = old.prepare(
      `insert into facility_user (id, facility_id, dataset_id, username, full_name, password_hash, date_created, sync_dirty) values (?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const rows = [
      ['u-nfc', nfc, 'Élève NFC', '2024-01-01T00:00:00.000Z'],
      ['u-nfd', nfd, 'Élève NFD', '2024-02-01T00:00:00.000Z'],
      ['u-amina', 'amina', 'Amina ASCII', '2024-01-01T00:00:00.000Z'],
      ['u-wide', 'ａｍｉｎａ', 'Amina fullwidth', '2023-06-01T00:00:00.000Z'],
      ['u-baraka', 'baraka', 'Baraka', '2024-01-01T00:00:00.000Z'],
    ] as const;
    for (const [id, username, fullName, created] of rows) insert.run(id, facility.id, facility.datasetId, username, fullName, hash, created);
    // The old schema really held these side by side.
    expect((old.prepare('select count(*) as n from facility_user').get() as { n: number }).n).toBe(6);
    old.close();

    const warnings: string[] = [];
    core = await createCore({ home: home.path, passwordHashCost: 4, logger: { info() {}, warn: (message) => void warnings.push(message), error() {} } });

    // Nobody was lost.
    for (const [id, username] of rows) expect(core.facility.getUser(id)?.username).toBe(username);
    // The earliest-created of each clash keeps the username: NFC élève (January) and fullwidth amina (2023).
    const clashes = core.facility.listUsernameClashes(facility.id).map((clash) => [clash.user.id, clash.clashesWith?.id, clash.source]);
    expect(clashes.sort()).toEqual([
      ['u-amina', 'u-wide', 'migration'],
      ['u-nfd', 'u-nfc', 'migration'],
    ]);
    const warned = warnings.join('\n');
    expect(warned).toMatch(/2 user\(s\) are held by a username clash/);
    expect(warned).toContain('(u-nfd) beside "élève" (u-nfc)');
    expect(warned).toContain('"amina" (u-amina) beside "ａｍｉｎａ" (u-wide)');

    // Either form of élève, and any form of amina, reaches the one account that holds the name.
    expect((await core.facility.authenticate(nfd, 'pw'))?.id).toBe('u-nfc');
    expect((await core.facility.authenticate(nfc, 'pw'))?.id).toBe('u-nfc');
    expect((await core.facility.authenticate('AMINA', 'pw'))?.id).toBe('u-wide');
    expect((await core.facility.authenticate('baraka', 'pw'))?.id).toBe('u-baraka');

    // Admins see the clashes over HTTP; a learner may not.
    const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
    const root = createTestBrowser(baseUrl);
    expect((await root.signIn('root', 'pw')).status).toBe(200);
    const listed = await root.request('GET', `/api/facilities/${facility.id}/username-clashes`);
    expect(listed.status).toBe(200);
    expect(listed.body.clashes).toEqual([
      { user: expect.objectContaining({ id: 'u-amina', username: 'amina' }), clashesWith: expect.objectContaining({ id: 'u-wide' }), source: 'migration', foundAt: expect.any(String) },
      { user: expect.objectContaining({ id: 'u-nfd', username: nfd }), clashesWith: expect.objectContaining({ id: 'u-nfc' }), source: 'migration', foundAt: expect.any(String) },
    ]);
    const learner = createTestBrowser(baseUrl);
    expect((await learner.signIn('baraka', 'pw')).status).toBe(200);
    expect((await learner.request('GET', `/api/facilities/${facility.id}/username-clashes`)).status).toBe(403);

    // A held user can still be edited, their username sent along (in any form) or not; it stays held.
    const edited = await root.request('PATCH', '/api/users/u-nfd', { username: nfd, fullName: 'Élève, edited' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await root.request('PATCH', '/api/users/u-amina', { username: 'AMINA' })).status).toBe(200);
    expect(core.facility.listUsernameClashes(facility.id)).toHaveLength(2);
    // Anyone else taking the name, in any form, is refused.
    expect((await root.request('PATCH', '/api/users/u-baraka', { username: 'ＡＭＩＮＡ' })).status).toBe(409);

    // An admin renames the held user: the clash is gone and they sign in by the new name.
    await core.facility.updateUser('u-nfd', { username: 'eleve_2' });
    expect(core.facility.listUsernameClashes(facility.id).map((clash) => clash.user.id)).toEqual(['u-amina']);
    expect((await core.facility.authenticate('ELEVE_2', 'pw'))?.id).toBe('u-nfd');
    // Removing the holder for good hands the name to the user held behind it.
    core.facility.deleteUsers(['u-wide'], { permanent: true });
    expect(core.facility.listUsernameClashes(facility.id)).toEqual([]);
    expect((await core.facility.authenticate('amina', 'pw'))?.id).toBe('u-amina');
  });
});
