import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../create-core.js';
import { createTempHome } from '../../test-support/temp-home.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';
import { ROOT_PASSWORD, startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

describe('changing a password', () => {
  let server: FacilityApiServer | undefined;
  afterEach(async () => server?.close());

  it('of one’s own needs the current password: missing or wrong → 400 naming currentPassword, nothing changed, still signed in', async () => {
    server = await startFacilityApiServer();
    const id = await server.createUser({ username: 'lina' });
    const lina = await server.signedIn('lina');

    const missing = await lina.request('PATCH', `/api/users/${id}`, { password: 'new-secret' });
    expect([missing.status, missing.body.code]).toEqual([400, 'INVALID_INPUT']);
    expect(missing.body.details).toEqual([expect.objectContaining({ path: 'currentPassword' })]);
    const wrong = await lina.request('PATCH', `/api/users/${id}`, { password: 'new-secret', currentPassword: 'guess' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'INVALID_INPUT']);
    expect(wrong.body.details).toEqual([expect.objectContaining({ path: 'currentPassword' })]);

    expect((await lina.request('GET', '/api/auth/session')).status).toBe(200);
    expect((await server.browser().signIn('lina', 'pw')).status).toBe(200);
    expect((await server.browser().signIn('lina', 'new-secret')).status).toBe(401);
  });

  it('of one’s own with the right current password: the new one works, the old does not, other devices are signed out and this one stays', async () => {
    server = await startFacilityApiServer();
    const id = await server.createUser({ username: 'lina' });
    const here = await server.signedIn('lina');
    const elsewhere = await server.signedIn('lina');
    const elsewhereEvents = await server.events(elsewhere);

    const changed = await here.request('PATCH', `/api/users/${id}`, { password: 'new-secret', currentPassword: 'pw' });
    expect(changed.status).toBe(200);
    expect(JSON.parse((await elsewhereEvents.nextEvent(1_000)).data)).toEqual({ reason: 'signed-out-elsewhere' });
    expect((await elsewhere.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await here.request('GET', '/api/auth/session')).status).toBe(200);
    expect((await server.browser().signIn('lina', 'pw')).status).toBe(401);
    expect((await server.browser().signIn('lina', 'new-secret')).status).toBe(200);
  });

  it('set by an admin for someone else needs no current password and signs that person out everywhere', async () => {
    server = await startFacilityApiServer();
    const id = await server.createUser({ username: 'lina' });
    const lina = await server.signedIn('lina');
    const events = await server.events(lina);

    expect((await server.root.request('PATCH', `/api/users/${id}`, { password: 'reset-by-admin' })).status).toBe(200);
    expect(JSON.parse((await events.nextEvent(1_000)).data)).toEqual({ reason: 'signed-out-elsewhere' });
    expect(server.sessionCount([id])).toBe(0);
    expect((await server.root.request('GET', '/api/auth/session')).status).toBe(200);
    expect((await server.browser().signIn('lina', 'reset-by-admin')).status).toBe(200);
  });

  it('other edits of one’s own account need no current password and end no session', async () => {
    server = await startFacilityApiServer();
    const rootId = (await server.root.request('GET', '/api/auth/session')).body.user.id;
    const other = await server.signedIn('root', ROOT_PASSWORD);
    expect((await server.root.request('PATCH', `/api/users/${rootId}`, { fullName: 'Root Renamed' })).status).toBe(200);
    expect((await other.request('GET', '/api/auth/session')).status).toBe(200);
  });

  it('counts wrong current passwords with failed sign-ins: past the limit both answer 429', async () => {
    const home = createTempHome('outpost-password-throttle-');
    const core = await createCore({ home: home.path, passwordHashCost: 4, signInThrottle: { maxFailuresPerUsername: 2 } });
    try {
      const base = await core.listen({ host: '127.0.0.1', port: 0 });
      const { superuser } = await core.facility.setup.provision({ facilityName: 'Ridge', superuser: { username: 'root', password: 'root-pw', fullName: 'Root' } });
      const root = createTestBrowser(base);
      expect((await root.signIn('root', 'root-pw')).status).toBe(200);
      for (let n = 0; n < 2; n += 1) {
        expect((await root.request('PATCH', `/api/users/${superuser.id}`, { password: 'new-pw', currentPassword: 'guess' })).status).toBe(400);
      }
      const refused = await root.request('PATCH', `/api/users/${superuser.id}`, { password: 'new-pw', currentPassword: 'root-pw' });
      expect([refused.status, refused.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect((await createTestBrowser(base).signIn('root', 'root-pw')).status).toBe(429);
      // Refused means unchanged: the old password is still the password.
      expect(await core.facility.authentication.authenticate('root', 'root-pw')).toMatchObject({ id: superuser.id });
    } finally {
      await core.close();
      home.remove();
    }
  });
});
