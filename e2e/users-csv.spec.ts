import { readFile } from 'node:fs/promises';
import type { UserPageDto } from '../core/contract/users.js';
import { expect, test } from './support/fixtures.js';
import { ADMIN, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

/** A users CSV of `count` learners; `bad` replaces one row (by index) with a broken one. */
function usersCsv(count: number, bad?: { readonly index: number; readonly row: string }): string {
  const rows = Array.from({ length: count }, (_, i) => {
    if (bad && i === bad.index) return bad.row;
    const n = String(i + 1).padStart(3, '0');
    return `pupil${n},Pupil ${n},secret-${n},learner`;
  });
  return ['username,full_name,password,role', ...rows].join('\r\n') + '\r\n';
}

test('CSV import: one bad row is shown with its line and nothing is imported; the fixed file imports all 200', async ({ newBrowser, server }) => {
  test.setTimeout(120_000);
  const { api, facility } = await provisionDevice(server.url);
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  await expect(page.getByTestId('users-count')).toHaveText('1 user');

  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });
  // Row index 56 is line 58 of the file (line 1 is the header).
  const broken = usersCsv(200, { index: 56, row: 'pupil057,Pupil 057,secret-057,wizard' });
  await dialog.getByTestId('import-file').setInputFiles({ name: 'pupils.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  await expect(dialog.getByTestId('import-summary')).toHaveText('200 users in pupils.csv');
  await dialog.getByRole('button', { name: 'Import 200 users' }).click();
  const errors = dialog.getByTestId('import-errors');
  await expect(errors).toContainText('Nothing was imported.', { timeout: 30_000 });
  await expect(errors.getByRole('listitem')).toHaveCount(1);
  await expect(errors.getByRole('listitem')).toContainText('Line 58, column role');
  // The refused row is highlighted in the preview, even though it is far down the file.
  await expect(dialog.locator('tr.row-error')).toContainText('pupil057');
  expect((await api.get<UserPageDto>(`/api/facilities/${facility.id}/users?pageSize=1`)).total).toBe(1);

  // The same file, fixed, chosen again.
  await dialog.getByTestId('import-file').setInputFiles({ name: 'pupils-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(usersCsv(200)) });
  await expect(dialog.getByTestId('import-summary')).toHaveText('200 users in pupils-fixed.csv');
  await expect(dialog.getByTestId('import-errors')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Import 200 users' }).click();
  await expect(page.getByTestId('users-status')).toHaveText('200 users were imported.', { timeout: 60_000 });
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('users-count')).toHaveText('201 users');
  expect((await api.get<UserPageDto>(`/api/facilities/${facility.id}/users?pageSize=1`)).total).toBe(201);

  // The table, for a person to look at.
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select Pupil 002' }).check();
  await page.getByRole('checkbox', { name: 'Select Pupil 004' }).check();
  await page.screenshot({ path: 'e2e/artifacts/users-table.png' });

  // Export: a CSV of every active user, with a header and no passwords.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^riverside-school-users-\d{4}-\d{2}-\d{2}\.csv$/);
  const exported = (await readFile(await file.path(), 'utf8')).trim().split(/\r?\n/);
  expect(exported).toHaveLength(202);
  expect(exported[0]).toContain('username');
  expect(exported.join('\n')).not.toContain('secret-');
  await api.dispose();
});

test('CSV import refuses a file without the required columns before sending anything', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  await page.getByRole('button', { name: 'Import CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users from a CSV file' });
  await dialog.getByTestId('import-file').setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from('name\nAda\n') });
  await expect(dialog.getByRole('alert')).toHaveText('The file is missing these columns: username, password, full_name.');
  await expect(dialog.getByRole('button', { name: /^Import 1 user/ })).toBeDisabled();
  await dialog.getByTestId('import-file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(dialog.getByRole('alert')).toHaveText('That file is empty.');
  await api.dispose();
});
