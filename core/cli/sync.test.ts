import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRoutes } from '../contract/api-routes.js';
import { createCore, type Core } from '../create-core.js';
import { createTestBrowser } from '../server/auth/test-support/test-browser.js';
import { createCoreHarness, type CoreHarness } from '../sync/test-support/core-harness.js';
import { runCli } from '../test-support/run-cli.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';

const syncScript = fileURLToPath(new URL('./sync.ts', import.meta.url));

describe('npm run sync', () => {
  let harness: CoreHarness | undefined;
  let home: TempHome | undefined;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    await harness?.dispose();
    home?.remove();
  });

  it('into an empty home imports the facility and completes setup: the home opens on sign-in, the admin its superuser', async () => {
    harness = createCoreHarness({ transport: 'http' });
    const school = await harness.device('school');
    const { facility } = await school.core.facility.setup.provision({ facilityName: 'Hill School', superuser: { username: 'root', password: 'rootpw', fullName: 'Root' } });
    await school.core.facility.users.createUser(facility.id, { username: 'ada', password: 'adminpw', fullName: 'Ada Admin', role: 'admin' });
    await school.listen();
    home = createTempHome('outpost-sync-cli-');

    const run = await runCli(
      syncScript,
      ['--home', home.path, '--peer', school.baseUrl, '--facility', facility.id, '--username', 'ada', '--password', 'adminpw', '--allow-loopback-peers'],
      120_000,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Paired with .* for facility /);
    expect(run.stdout).toMatch(new RegExp(`Set this device up with facility ${facility.id}; ada is its superuser\\.\\n`));

    core = await createCore({ home: home.path, passwordHashCost: 4, discovery: { enabled: false } });
    const browser = createTestBrowser(await core.listen({ host: '127.0.0.1', port: 0 }));
    // What the renderer asks first: set up, so it shows sign-in and not first-run setup.
    expect((await browser.request('GET', apiRoutes.setup)).body).toEqual({ provisioned: true });
    expect((await browser.signIn('ada', 'adminpw')).status).toBe(200);
    expect((await browser.request('GET', apiRoutes.currentSession)).body.user).toMatchObject({ username: 'ada', facilityId: facility.id, isSuperuser: true });
  }, 180_000);
});
