import { expect, test } from './support/fixtures.js';
import { ADMIN, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('facilities: an empty name is refused in place, a new facility is created, then renamed', async ({ newBrowser, server }) => {
  const { api } = await provisionDevice(server.url, 'Riverside School');
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities`);

  await page.getByRole('button', { name: 'New facility' }).click();
  const create = page.getByRole('dialog', { name: 'New facility' });
  await create.getByRole('button', { name: 'Create facility' }).click();
  await expect(create.getByText('Enter a name.')).toBeVisible();
  await create.getByLabel('Name').fill('  Hill Top  ');
  await create.getByRole('button', { name: 'Create facility' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Facility “Hill Top” created.');
  await expect(page.getByRole('link', { name: 'Hill Top' })).toBeVisible();

  await page.getByRole('button', { name: 'Rename Hill Top' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename “Hill Top”' });
  await expect(rename.getByLabel('Name')).toHaveValue('Hill Top');
  await rename.getByLabel('Name').fill('Hilltop Academy');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect(page.getByRole('link', { name: 'Hilltop Academy' })).toBeVisible();
  const names = (await api.get<{ facilities: { name: string }[] }>('/api/facilities')).facilities.map((each) => each.name).sort();
  expect(names).toEqual(['Hilltop Academy', 'Riverside School']);
  await api.dispose();
});
