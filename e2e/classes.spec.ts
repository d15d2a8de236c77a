import { expect, test } from './support/fixtures.js';
import { ADMIN, LEARNER_PASSWORD, createUsers, learners, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('classes: create, assign learners and coaches, see them as a coach, delete', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  await createUsers(api, facility.id, [...learners('pupil', 3), { username: 'coachkim', fullName: 'Kim Coach', role: 'coach' }]);
  const page = await (await newBrowser()).newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/classes`);
  await expect(page.getByText('No classes yet')).toBeVisible();

  await page.getByRole('button', { name: 'New class' }).click();
  const create = page.getByRole('dialog', { name: 'New class' });
  await create.getByRole('button', { name: 'Create class' }).click();
  await expect(create.getByText('Enter a name.')).toBeVisible();
  await create.getByLabel('Name').fill('Class 4B');
  await create.getByRole('button', { name: 'Create class' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Class “Class 4B” created.' })).toBeVisible();

  await page.getByRole('link', { name: 'Class 4B' }).click();
  await expect(page.getByRole('heading', { name: 'Class 4B' })).toBeVisible();
  await expect(page.getByText('No learners in this class yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Assign learners' }).click();
  const assign = page.getByRole('dialog', { name: 'Learners of Class 4B' });
  await assign.getByLabel('Search').fill('Learner 2');
  await assign.getByRole('checkbox', { name: /Pupil Learner 2/ }).check();
  await assign.getByLabel('Search').fill('');
  await assign.getByRole('checkbox', { name: /Pupil Learner 3/ }).check();
  await expect(assign.getByRole('heading', { name: '2 chosen' })).toBeVisible();
  await assign.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The class now has 2 learners.' })).toBeVisible();

  await page.getByRole('button', { name: 'Assign coaches' }).click();
  const coaches = page.getByRole('dialog', { name: 'Coaches of Class 4B' });
  await coaches.getByRole('checkbox', { name: /Kim Coach/ }).check();
  await coaches.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The class now has 1 coach.' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Kim Coach' })).toBeVisible();

  await page.getByRole('link', { name: 'All classes' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Class 4B' });
  await expect(row.getByRole('cell').nth(1)).toHaveText('2');
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');

  // The coach sees their class, read-only.
  const coachPage = await (await newBrowser()).newPage();
  await signInThroughUi(coachPage, server.url, 'coachkim', LEARNER_PASSWORD);
  await expect(coachPage.getByRole('heading', { name: 'Classes' })).toBeVisible();
  await expect(coachPage.getByRole('link', { name: 'Class 4B' })).toBeVisible();
  await expect(coachPage.getByRole('button', { name: 'New class' })).toHaveCount(0);

  await row.getByRole('button', { name: 'Delete Class 4B' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete the class “Class 4B”?' });
  await expect(confirm).toContainText('Learners: 2, coaches: 1.');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No classes yet')).toBeVisible();
  await api.dispose();
});
