import Database from 'better-sqlite3';
import { randomBytes, scryptSync } from 'node:crypto';
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
    // A home written by 0.1.0 (its NOCASE index folds ASCII only), with users added the way 0.1.0
    // let them in: side by side although they are one name.
    cpSync(fileURLToPath(new URL('../../fixtures/homes/0.1.0/a/', import.meta.url)), home.path, { recursive: true });
    const file = join(home.path, 'default.sqlite3');
    const old = new Database(file);
    const facility = old.prepare('select id, dataset_id as datasetId from facility').get() as { id: string; datasetId: string };
    // 0.1.0's hash format, at a low cost: scrypt$N$r$p$salt$key.
    const salt = randomBytes(16);
    const hash = `scrypt$16$8$1$${salt.toString('base64')}$${scryptSync('pw', salt, 32, { N: 16, r: 8, p: 1 }).toString('base64')}`;
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
    expect((old.prepare("select count(*) as n from facility_user where id like 'u-%'").get() as { n: number }).n).toBe(5);
    old.close();

    const warnings: string[] = [];
    core = await createCore({ home: home.path, passwordHashCost: 4, logger: { info() {}, warn: (message) => void warnings.push(message), error() {} } });

    // Nobody was lost.
    for (const [id, username] of rows) expect(core.facility.users.getUser(id)?.username).toBe(username);
    // The earliest-created of each clash keeps the username: NFC élève (January) and fullwidth amina (2023).
    const clashes = core.facility.users.listUsernameClashes(facility.id).map((clash) => [clash.user.id, clash.clashesWith?.id, clash.source]);
    expect(clashes.sort()).toEqual([
      ['u-amina', 'u-wide', 'migration'],
      ['u-nfd', 'u-nfc', 'migration'],
    ]);
    const warned = warnings.join('\n');
    expect(warned).toMatch(/2 user\(s\) are held by a username clash/);
    expect(warned).toContain('(u-nfd) beside "élève" (u-nfc)');
    expect(warned).toContain('"amina" (u-amina) beside "ａｍｉｎａ" (u-wide)');

    // Either form of élève, and any form of amina, reaches the one account that holds the name.
    expect((await core.facility.authentication.authenticate(nfd, 'pw'))?.id).toBe('u-nfc');
    expect((await core.facility.authentication.authenticate(nfc, 'pw'))?.id).toBe('u-nfc');
    expect((await core.facility.authentication.authenticate('AMINA', 'pw'))?.id).toBe('u-wide');
    expect((await core.facility.authentication.authenticate('baraka', 'pw'))?.id).toBe('u-baraka');

    // Admins see the clashes over HTTP; a learner may not.
    const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
    const root = createTestBrowser(baseUrl);
    expect((await root.signIn('ada', 'ada-password')).status).toBe(200);
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
    expect(core.facility.users.listUsernameClashes(facility.id)).toHaveLength(2);
    // Anyone else taking the name, in any form, is refused.
    expect((await root.request('PATCH', '/api/users/u-baraka', { username: 'ＡＭＩＮＡ' })).status).toBe(409);

    // An admin renames the held user: the clash is gone and they sign in by the new name.
    await core.facility.users.updateUser('u-nfd', { username: 'eleve_2' });
    expect(core.facility.users.listUsernameClashes(facility.id).map((clash) => clash.user.id)).toEqual(['u-amina']);
    expect((await core.facility.authentication.authenticate('ELEVE_2', 'pw'))?.id).toBe('u-nfd');
    // Removing the holder for good hands the name to the user held behind it.
    core.facility.users.deleteUsers(['u-wide'], { permanent: true });
    expect(core.facility.users.listUsernameClashes(facility.id)).toEqual([]);
    expect((await core.facility.authentication.authenticate('amina', 'pw'))?.id).toBe('u-amina');
  });
});
