import type { FacilityDto } from '../core/contract/facilities.js';
import type { UserPageDto } from '../core/contract/users.js';
import { expectAccessible } from './support/accessibility.js';
import { openApiSession } from './support/api-session.js';
import { expect, test } from './support/fixtures.js';
import { startOutpostServer } from './support/outpost-server.js';
import { ADMIN, createUsers, provisionDevice } from './support/seed.js';

test('a second device is set up by importing the facility from the first, then “Sync now” brings over what changed there', async ({ newBrowser, server }) => {
  const { api: first, facility } = await provisionDevice(server.url, 'Riverside School');
  await createUsers(first, facility.id, [{ username: 'lina', fullName: 'Lina Learner' }]);
  // The first device's name, which the second shows it by (issue 16).
  await first.send('PUT', '/api/device', { name: 'Riverside server' });

  const second = await startOutpostServer();
  try {
    // The new device's setup page offers to import a facility from another device on the network.
    const page = await (await newBrowser()).newPage();
    await page.goto(`${second.url}/`);
    await expect(page.getByRole('heading', { name: 'Set up Outpost' })).toBeVisible();
    await page.getByLabel('Import a facility from another device').check();
    await page.getByLabel('Address').fill('http://127.0.0.1:9');
    await page.getByRole('button', { name: 'Find its facilities' }).click();
    await expect(page.getByRole('alert')).toContainText('Could not find an Outpost device at that address');
    await page.getByLabel('Address').fill(server.url);
    await page.getByRole('button', { name: 'Find its facilities' }).click();
    await expect(page.getByTestId('import-facility')).toHaveText('Facility: Riverside School');
    await expectAccessible(page, 'setup: import a facility');
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Import and sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByTestId('signed-in-user')).toHaveCount(0);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.screenshot({ path: 'e2e/artifacts/setup-import.png', fullPage: true });
    await page.getByRole('button', { name: 'Import and sign in' }).click();
    // The importing admin is now this device's super admin, signed in.
    await expect(page.getByTestId('signed-in-user')).toBeVisible({ timeout: 30_000 });

    await page.goto(`${second.url}/facilities/${facility.id}/sync`);
    const peer = page.getByTestId('peer');
    await expect(peer).toHaveCount(1);
    await expect(peer).toContainText(server.url);
    await expect(peer.getByTestId('peer-name')).toHaveText('Riverside server');
    await expect(peer.getByTestId('last-sync')).toContainText('Completed');

    await createUsers(first, facility.id, [{ username: 'moses', fullName: 'Moses New' }]);
    await page.getByRole('button', { name: 'Sync now with Riverside server' }).click();
    await expect(page.getByTestId('sync-status')).toContainText('Synced with Riverside server', { timeout: 30_000 });
    await expect(page.getByTestId('sync-status')).toContainText('received');
    await page.screenshot({ path: 'e2e/artifacts/sync-tab.png', fullPage: true });

    const onSecond = await openApiSession(second.url, { username: ADMIN.username, password: ADMIN.password });
    const users = await onSecond.get<UserPageDto>(`/api/facilities/${facility.id}/users?search=moses`);
    expect(users.items.map((user) => user.username)).toEqual(['moses']);
    const facilities = await onSecond.get<{ facilities: FacilityDto[] }>('/api/facilities');
    expect(facilities.facilities.map((each) => each.name)).toEqual(['Riverside School']);
    await onSecond.dispose();
  } finally {
    await second.stop();
    await first.dispose();
  }
});
