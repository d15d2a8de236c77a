import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../create-core.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';

describe('first-run setup', () => {
  let home: TempHome;
  let core: Core;
  afterEach(async () => {
    await core?.close();
    home?.remove();
  });

  async function start() {
    home = createTempHome('outpost-setup-');
    core = await createCore({ home: home.path, passwordHashCost: 4 });
    return createTestBrowser(await core.listen({ host: '127.0.0.1', port: 0 }));
  }

  const valid = { facilityName: 'Ridge School', superuser: { username: 'root', password: 'secret', fullName: 'Rooted Admin' } };

  it('GET says whether the device is set up; POST works once, then answers 409; the superuser can sign in', async () => {
    const browser = await start();
    expect((await browser.request('GET', '/api/setup')).body).toEqual({ provisioned: false });

    const created = await browser.request('POST', '/api/setup', valid);
    expect(created.status).toBe(201);
    expect(created.body.facility).toMatchObject({ name: 'Ridge School', userCount: 1 });
    expect(created.body.user).toMatchObject({ username: 'root', fullName: 'Rooted Admin', kind: 'admin', isSuperuser: true });
    expect(created.body.user).not.toHaveProperty('passwordHash');
    expect((await browser.request('GET', '/api/setup')).body).toEqual({ provisioned: true });

    const again = await browser.request('POST', '/api/setup', { ...valid, facilityName: 'Another' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect(core.facility.facilities.listFacilities().map((facility) => facility.name)).toEqual(['Ridge School']);

    const signIn = await browser.signIn('root', 'secret');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ username: 'root', isSuperuser: true });
  });

  it('needs the CSRF token like every other POST: without it 403 CSRF_FAILED and nothing is created', async () => {
    const browser = await start();
    await browser.request('GET', '/api/setup');
    const response = await browser.request('POST', '/api/setup', valid, { csrf: false });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CSRF_FAILED');
    expect(core.facility.setup.isProvisioned()).toBe(false);
  });

  it('refuses bad input with field details and creates nothing', async () => {
    const browser = await start();
    await browser.request('GET', '/api/setup');
    const response = await browser.request('POST', '/api/setup', {
      facilityName: '',
      superuser: { username: 'has space', password: 42, fullName: 'X' },
      extra: true,
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(response.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['extra', 'facilityName', 'superuser.password', 'superuser.username']);
    expect(core.facility.setup.isProvisioned()).toBe(false);
    expect(core.facility.facilities.listFacilities()).toEqual([]);
  });

  it('refuses control characters in the facility and superuser names (issue 19, item 8), naming each field', async () => {
    const browser = await start();
    await browser.request('GET', '/api/setup');
    const response = await browser.request('POST', '/api/setup', {
      facilityName: 'Ridge\r\nSchool',
      superuser: { username: 'root\u0000', password: 'secret', fullName: 'Root \u202Enimda' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(response.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['facilityName', 'superuser.fullName', 'superuser.username']);
    expect(core.facility.setup.isProvisioned()).toBe(false);
  });
});
