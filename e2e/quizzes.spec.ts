import type { ClassDto } from '../core/contract/classes.js';
import { expectAccessible } from './support/accessibility.js';
import { expect, test } from './support/fixtures.js';
import { LEARNER_PASSWORD, createUsers, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

const TABLET = { width: 1024, height: 600 };

test('quizzes: a coach creates and assigns one, two learners answer it (one reloads mid-quiz), the report shows both with one learner’s history', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const [ana, ben, kim] = await createUsers(api, facility.id, [
    { username: 'ana', fullName: 'Ana Lima' },
    { username: 'ben', fullName: 'Ben Okafor' },
    { username: 'kim', fullName: 'Kim Coach', role: 'coach' },
  ]);
  const room = await api.send<ClassDto>('POST', `/api/facilities/${facility.id}/classes`, { name: 'Class 5' });
  await api.send('PUT', `/api/classes/${room.id}/learners`, { userIds: [ana!.id, ben!.id] });
  await api.send('PUT', `/api/classes/${room.id}/coaches`, { userIds: [kim!.id] });

  // The coach writes the quiz on a tablet-sized screen.
  const coach = await (await newBrowser()).newPage();
  await coach.setViewportSize(TABLET);
  await signInThroughUi(coach, server.url, 'kim', LEARNER_PASSWORD);
  await coach.goto(`${server.url}/facilities/${facility.id}/classes/${room.id}`);
  await coach.getByRole('link', { name: 'New quiz' }).click();
  await expect(coach.getByRole('heading', { name: 'New quiz' })).toBeVisible();
  await coach.getByRole('button', { name: 'Save draft' }).click();
  await expect(coach.getByRole('alert')).toBeVisible();
  await expect(coach.getByLabel('Quiz title')).toHaveAttribute('aria-invalid', 'true');
  await coach.getByLabel('Quiz title').fill('Fractions');
  await coach.getByLabel('Question', { exact: true }).fill('Half of 4?');
  await coach.getByLabel('Option 1 of question 1').fill('1');
  await coach.getByLabel('Option 2 of question 1').fill('2');
  await coach.getByLabel('Option 2 is the correct answer to question 1').check();
  await coach.getByRole('button', { name: 'Add a question' }).click();
  await coach.getByRole('group', { name: 'Question 2' }).getByLabel('Kind of question').selectOption('number');
  await coach.getByRole('group', { name: 'Question 2' }).getByLabel('Question', { exact: true }).fill('3 + 4 = ?');
  await coach.getByLabel('Correct number').fill('7');
  await expectAccessible(coach, 'the quiz editor');
  await coach.getByRole('button', { name: 'Save draft' }).click();
  await expect(coach.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await expect(coach.getByRole('heading', { name: 'Fractions' })).toBeVisible();
  await coach.getByRole('button', { name: 'Assign to the class' }).click();
  await expect(coach.getByRole('status').filter({ hasText: 'The quiz is assigned' })).toBeVisible();

  // Ana answers with the keyboard, reloads mid-quiz and finds her answer, changes it, and submits.
  const anaPage = await (await newBrowser()).newPage();
  await anaPage.setViewportSize(TABLET);
  await signInThroughUi(anaPage, server.url, 'ana', LEARNER_PASSWORD);
  await anaPage.getByRole('link', { name: 'Fractions' }).click();
  await expect(anaPage.getByRole('heading', { name: 'Question 1 of 2' })).toBeVisible();
  expect(await anaPage.content()).not.toContain('correctOption');
  await anaPage.getByRole('radio', { name: '1' }).focus();
  await anaPage.keyboard.press('Space');
  await expect(anaPage.getByRole('status').filter({ hasText: 'Answer saved.' })).toBeVisible();
  await expectAccessible(anaPage, 'a learner’s quiz page');
  await anaPage.reload();
  await expect(anaPage.getByRole('heading', { name: 'Question 2 of 2' })).toBeVisible();
  await anaPage.getByRole('button', { name: 'Previous question' }).click();
  await expect(anaPage.getByRole('radio', { name: '1' })).toBeChecked();
  await anaPage.getByRole('radio', { name: '2' }).check();
  await expect(anaPage.getByRole('status').filter({ hasText: 'Answer saved.' })).toBeVisible();
  await anaPage.getByRole('button', { name: 'Next question' }).click();
  await anaPage.getByLabel('3 + 4 = ?').fill('7');
  await anaPage.getByRole('button', { name: 'Save answer' }).click();
  await expect(anaPage.getByText('2 of 2 answered')).toBeVisible();
  await anaPage.getByRole('button', { name: 'Submit' }).click();
  await anaPage.getByRole('dialog', { name: 'Submit your answers?' }).getByRole('button', { name: 'Submit' }).click();
  await expect(anaPage.getByText('Submitted. Your score: 2 of 2.')).toBeVisible();

  // In French, the same page, axe-clean too.
  await anaPage.getByLabel('Language').selectOption('fr');
  await expect(anaPage.getByText('Rendu. Votre score : 2 sur 2.')).toBeVisible();
  await expectAccessible(anaPage, 'a submitted quiz, in French');

  // Ben, in another browser, answers one question and leaves.
  const benPage = await (await newBrowser()).newPage();
  await benPage.setViewportSize(TABLET);
  await signInThroughUi(benPage, server.url, 'ben', LEARNER_PASSWORD);
  await benPage.getByRole('link', { name: 'Fractions' }).click();
  await benPage.getByRole('radio', { name: '1' }).check();
  await expect(benPage.getByRole('status').filter({ hasText: 'Answer saved.' })).toBeVisible();

  // The coach's report: both learners, and Ana's history, latest first.
  await coach.getByRole('button', { name: 'Refresh' }).click();
  const anaRow = coach.getByRole('row').filter({ hasText: 'Ana Lima' });
  const benRow = coach.getByRole('row').filter({ hasText: 'Ben Okafor' });
  await expect(anaRow).toContainText('Submitted');
  await expect(anaRow).toContainText('2 / 2');
  await expect(benRow).toContainText('In progress');
  await expect(benRow).toContainText('0 / 2');
  await expect(coach.getByRole('row').filter({ hasText: 'Half of 4?' })).toContainText('50%');
  await anaRow.getByRole('button', { name: 'Answers of Ana Lima' }).click();
  const answers = coach.getByTestId('learner-answers');
  await expect(answers.getByRole('heading', { name: 'Answers of Ana Lima' })).toBeVisible();
  const history = answers.getByRole('table', { name: 'Every answer to “Half of 4?”, latest first' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('2');
  await expect(history.getByRole('row').nth(2).getByRole('cell').nth(1)).toHaveText('1');
  await expectAccessible(coach, 'the quiz report');
  await api.dispose();
});
