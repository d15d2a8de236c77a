import type { DeviceNameResponse } from '../core/contract/sync.js';
import { expectCleanSignOut } from './support/clean-transition.js';
import { expect, test } from './support/fixtures.js';
import { ADMIN, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';
import { TransitionWatch } from './support/transition-watch.js';

test('my devices: see where I am signed in, and sign out everywhere else', async ({ newBrowser, server }) => {
  const { api } = await provisionDevice(server.url);
  const here = await (await newBrowser()).newPage();
  const elsewhere = await (await newBrowser()).newPage();
  const watch = await TransitionWatch.install(elsewhere);
  const streamOpen = elsewhere.waitForResponse((response) => response.url().endsWith('/api/session/events') && response.status() === 200);
  await signInThroughUi(elsewhere, server.url, ADMIN.username, ADMIN.password);
  await streamOpen;
  await signInThroughUi(here, server.url, ADMIN.username, ADMIN.password);

  await here.getByRole('link', { name: 'My devices' }).click();
  await expect(here.getByRole('heading', { name: 'My devices' })).toBeVisible();
  // The API session used for seeding is a device too.
  await expect(here.getByTestId('device')).toHaveCount(3);
  await expect(here.getByTestId('device').filter({ hasText: 'This device' })).toHaveCount(1);
  await expect(here.getByTestId('device').filter({ hasText: 'This device' })).toContainText('Chrome on Linux');

  await expect(elsewhere.getByRole('heading', { name: 'Facilities' })).toBeVisible();
  await watch.restart();
  await here.getByRole('button', { name: 'Sign out everywhere else' }).click();
  const dialog = here.getByRole('dialog', { name: 'Sign out everywhere else?' });
  await expect(dialog).toContainText('You will be signed out on 2 other devices. You stay signed in here.');
  await dialog.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(here.getByRole('status').filter({ hasText: 'Signed out on 2 other devices.' })).toBeVisible();
  await expect(here.getByTestId('device')).toHaveCount(1);
  await expect(here.getByText('You are not signed in anywhere else.')).toBeVisible();

  await expect(elsewhere.getByTestId('sign-in-notice')).toHaveText('You were signed out from another device.', { timeout: 2000 });
  await expectCleanSignOut(watch, 'Facilities');

  // Signing out here: the sign-in page says so plainly.
  await here.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(here.getByTestId('sign-in-notice')).toHaveText('You have signed out.');
  await expect(here).toHaveURL(/\/signin$/);
  await api.dispose();
});

test('this device’s name: a super admin sees it, changes it and goes back to the computer’s name; an empty name saves nothing', async ({ newBrowser, server }) => {
  const { api } = await provisionDevice(server.url);
  const before = await api.get<DeviceNameResponse>('/api/device');
  expect(before).toMatchObject({ custom: false, name: before.hostName });
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.getByRole('link', { name: 'My devices' }).click();
  await expect(page.getByRole('heading', { name: 'This device’s name' })).toBeVisible();
  const field = page.getByLabel('Device name');
  await expect(field).toHaveValue(before.hostName);
  await expect(page.getByText(`the computer’s name, ${before.hostName}`)).toBeVisible();

  // An empty name is refused in plain words and saves nothing.
  await field.fill('   ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByText('Enter a name for this device.')).toBeVisible();
  await expect(field).toBeFocused();
  expect((await api.get<DeviceNameResponse>('/api/device')).custom).toBe(false);

  await field.fill('Room 2 laptop');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'This device is now called Room 2 laptop.' })).toBeVisible();
  expect(await api.get<DeviceNameResponse>('/api/device')).toMatchObject({ name: 'Room 2 laptop', custom: true });
  await page.reload();
  await expect(page.getByLabel('Device name')).toHaveValue('Room 2 laptop');

  // Back to the computer's name.
  await page.getByRole('button', { name: `Use the computer’s name (${before.hostName})` }).click();
  await expect(page.getByRole('status').filter({ hasText: `This device is now called ${before.hostName}.` })).toBeVisible();
  expect(await api.get<DeviceNameResponse>('/api/device')).toMatchObject({ name: before.hostName, custom: false });
  await api.dispose();
});
