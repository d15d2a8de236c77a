import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures.js';
import { startOutpostServer } from './support/outpost-server.js';
import { ADMIN, createUsers, LEARNER_PASSWORD, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('a super admin downloads a backup, and a new device restores it from its setup page', async ({ newBrowser, server }, testInfo) => {
  const { api, facility } = await provisionDevice(server.url);
  await createUsers(api, facility.id, [{ username: 'lina', fullName: 'Lina Learner' }]);
  await api.dispose();

  const adminPage = await (await newBrowser()).newPage();
  await signInThroughUi(adminPage, server.url, ADMIN.username, ADMIN.password);
  await adminPage.goto(`${server.url}/facilities`);
  const downloading = adminPage.waitForEvent('download');
  await adminPage.getByRole('link', { name: 'Download a backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^outpost-\d{4}-\d{2}-\d{2}\.outpost-backup$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const truncated = join(testInfo.outputPath(), 'truncated.outpost-backup');
  writeFileSync(truncated, readFileSync(file).subarray(0, statSync(file).size - 100));

  const fresh = await startOutpostServer();
  try {
    const page = await (await newBrowser()).newPage();
    await page.goto(`${fresh.url}/`);
    await expect(page).toHaveURL(/\/setup$/);
    await page.getByLabel('Restore a backup').check();
    const input = page.getByLabel('Backup file', { exact: true });

    await input.setInputFiles(truncated);
    await page.getByRole('button', { name: 'Restore and continue' }).click();
    await expect(page.getByRole('alert')).toHaveText('This file is not a usable Outpost backup: it may be cut off or damaged. Nothing was changed.');
    await expect(page).toHaveURL(/\/setup$/);

    await input.setInputFiles(file);
    await page.getByRole('button', { name: 'Restore and continue' }).click();
    await expect(page).toHaveURL(/\/signin/, { timeout: 15_000 });
    await signInThroughUi(page, fresh.url, 'lina', LEARNER_PASSWORD);
  } finally {
    await fresh.stop();
  }
});
