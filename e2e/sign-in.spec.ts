import type { FacilityDto } from '../core/contract/facilities.js';
import { expect, test } from './support/fixtures.js';
import { LEARNER_PASSWORD, createUsers, provisionDevice } from './support/seed.js';

test('with several facilities the sign-in page offers a picker; the chosen facility is the one signed in to', async ({ newBrowser, server }) => {
  const { api } = await provisionDevice(server.url, 'Riverside School');
  const south = await api.send<FacilityDto>('POST', '/api/facilities', { name: 'South Bank' });
  await createUsers(api, south.id, [{ username: 'sami', fullName: 'Sami South' }]);
  const page = await (await newBrowser()).newPage();
  await page.goto(`${server.url}/signin`);

  const picker = page.getByLabel('Facility');
  await expect(picker.locator('option')).toHaveText(['Any facility', 'Riverside School', 'South Bank']);

  // Sami is not a user of Riverside School: choosing it refuses the same credentials.
  await picker.selectOption({ label: 'Riverside School' });
  await page.getByLabel('Username').fill('sami');
  await page.getByLabel('Password').fill(LEARNER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong username or password.')).toBeVisible();

  await picker.selectOption({ label: 'South Bank' });
  await page.getByLabel('Password').fill(LEARNER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-user')).toBeVisible({ timeout: 15_000 });
  await api.dispose();
});
