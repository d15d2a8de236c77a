import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../create-core.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';

/**
 * Issue 19, item 6: every form of a username (case, NFC or NFD, fullwidth) reaches one account,
 * so they must also share one count of failed sign-ins, or each form would be a fresh set of
 * guesses. Over real HTTP on loopback.
 */
describe('sign-in with the forms of one username', () => {
  let home: TempHome;
  let core: Core;
  afterEach(async () => {
    await core?.close();
    home?.remove();
  });

  it('reaches the one account with each form, and counts a wrong password in any form against it', async () => {
    home = createTempHome('outpost-username-forms-');
    core = await createCore({ home: home.path, passwordHashCost: 4, signInThrottle: { maxFailuresPerUsername: 3, maxFailuresPerAddress: 100 } });
    const { facility } = await core.facility.setup.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'root-pw', fullName: 'Root' } });
    const eleve = await core.facility.users.createUser(facility.id, { username: 'élève'.normalize('NFC'), password: 'pw', fullName: 'Élève', role: 'learner' });
    const amina = await core.facility.users.createUser(facility.id, { username: 'amina', password: 'pw', fullName: 'Amina', role: 'learner' });
    const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });

    for (const [form, id] of [
      ['élève'.normalize('NFD'), eleve.id],
      ['ÉLÈVE', eleve.id],
      ['ａｍｉｎａ', amina.id],
      ['Amina', amina.id],
    ] as const) {
      const response = await createTestBrowser(baseUrl).signIn(form, 'pw');
      expect(response.status, form).toBe(200);
      expect(response.body.user.id).toBe(id);
    }

    const guesser = createTestBrowser(baseUrl);
    for (const form of ['AMINA', 'ａｍｉｎａ', 'Ａmina']) expect((await guesser.signIn(form, 'wrong')).status).toBe(401);
    const refused = await createTestBrowser(baseUrl).signIn('amina', 'pw');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
  });
});
