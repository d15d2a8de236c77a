import type { UserPageDto } from '../core/contract/users.js';
import { expect, test } from './support/fixtures.js';
import { ADMIN, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

/** A users CSV of `count` learners. */
function usersCsv(count: number): Buffer {
  const rows = Array.from({ length: count }, (_, i) => `learner${String(i + 1).padStart(4, '0')},Learner ${i + 1},secret-${i + 1}-pw,learner`);
  return Buffer.from(['username,full_name,password,role', ...rows].join('\r\n') + '\r\n');
}

// The server runs with the real password cost (scrypt 2^14): 1,000 hashes take tens of seconds.
test.describe.configure({ timeout: 240_000 });

test('a 1,000-row import shows its progress, which is still there after leaving the page, and finishes', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  const usersPage = `${server.url}/facilities/${facility.id}/users`;
  await page.goto(usersPage);
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });
  await dialog.getByTestId('import-file').setInputFiles({ name: 'year.csv', mimeType: 'text/csv', buffer: usersCsv(1000) });
  await dialog.getByRole('button', { name: 'Import 1,000 users' }).click();

  const progress = dialog.getByLabel('Import progress');
  await expect(dialog.getByRole('status')).toHaveText(/^Securing passwords: [1-9][\d,]* of 1,000 users$/, { timeout: 60_000 });
  await expect(progress).toHaveAttribute('max', '1000');

  // Away and back: the page finds the running import and shows its progress again.
  await page.goto(`${server.url}/facilities`);
  await page.goto(usersPage);
  const again = page.getByRole('dialog', { name: 'Import users from a CSV file' });
  await expect(again.getByLabel('Import progress')).toBeVisible();
  const shown = Number((await again.getByLabel('Import progress').getAttribute('value')) ?? '0');
  expect(shown).toBeGreaterThan(0);

  await expect(page.getByRole('status').filter({ hasText: '1,000 users were imported.' })).toBeVisible({ timeout: 200_000 });
  expect((await api.get<UserPageDto>(`/api/facilities/${facility.id}/users?pageSize=1`)).total).toBe(1001);
  await api.dispose();
});

test('cancelling a running import before its write imports nothing', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });
  await dialog.getByTestId('import-file').setInputFiles({ name: 'year.csv', mimeType: 'text/csv', buffer: usersCsv(1000) });
  await dialog.getByRole('button', { name: 'Import 1,000 users' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/^Securing passwords: [1-9][\d,]* of 1,000 users$/, { timeout: 60_000 });

  await dialog.getByRole('button', { name: 'Cancel the import' }).click();
  await expect(dialog.getByTestId('import-cancelled')).toHaveText('The import was cancelled. Nothing was imported.');
  const job = await api.get<{ status: string; done: number }>(`/api/facilities/${facility.id}/users/import-jobs/latest`);
  expect(job.status).toBe('cancelled');
  expect(job.done).toBeLessThan(1000);
  expect((await api.get<UserPageDto>(`/api/facilities/${facility.id}/users?pageSize=1`)).total).toBe(1);
  await api.dispose();
});
