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
