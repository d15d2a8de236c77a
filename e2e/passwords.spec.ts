import { expectCleanSignOut } from './support/clean-transition.js';
import { expect, test } from './support/fixtures.js';
import { signInLearner } from './support/learner-page.js';
import { ADMIN, createUsers, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('an admin changing their own password is asked for the current one; a reset of a learner’s signs the learner out calmly', async ({ newBrowser, server }) => {
  const { api, facility, admin } = await provisionDevice(server.url);
  await createUsers(api, facility.id, [{ username: 'lina', fullName: 'Lina Learner' }]);
  const learner = await signInLearner(newBrowser, server.url, 'lina', 'Lina Learner');
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);

  // Own password: the current one is asked for, and a wrong one is refused under its field.
  await page.getByRole('button', { name: `Edit ${admin.fullName}` }).click();
  const own = page.getByRole('dialog', { name: `Edit ${admin.fullName}` });
  await expect(own.getByLabel('Your current password')).toHaveCount(0);
  await own.getByLabel('Password', { exact: true }).fill('a-new-admin-password');
  await expect(own.getByText('Your other devices will be signed out.')).toBeVisible();
  await own.getByRole('button', { name: 'Save' }).click();
  await expect(own.getByText('Enter your current password to choose a new one.')).toBeVisible();
  await own.getByLabel('Your current password').fill('not-it');
  await own.getByRole('button', { name: 'Save' }).click();
  await expect(own.getByText('Not your current password')).toBeVisible();
  await own.getByLabel('Your current password').fill(ADMIN.password);
  await own.getByRole('button', { name: 'Save' }).click();
  await expect(own).toBeHidden();
  await expect(page.getByTestId('signed-in-user')).toBeVisible();

  // A learner's password reset: no current password asked, and the learner goes to sign-in with the notice.
  await page.getByRole('button', { name: 'Edit Lina Learner' }).click();
  const reset = page.getByRole('dialog', { name: 'Edit Lina Learner' });
  await reset.getByLabel('Password', { exact: true }).fill('reset-by-admin');
  await expect(reset.getByText('They will be signed out on every device.')).toBeVisible();
  await expect(reset.getByLabel('Your current password')).toHaveCount(0);
  await reset.getByRole('button', { name: 'Save' }).click();
  await expect(reset).toBeHidden();
  await expect(learner.page.getByTestId('sign-in-notice')).toHaveText('You were signed out from another device.', { timeout: 2_000 });
  await expectCleanSignOut(learner.watch, learner.heading);
  await api.dispose();
});
