import type { Page } from '@playwright/test';
import type { FacilityDto } from '../core/contract/facilities.js';
import { expectCleanSignOut } from './support/clean-transition.js';
import { expect, test } from './support/fixtures.js';
import { signInLearner, type SignedInLearner } from './support/learner-page.js';
import { ADMIN, LEARNER_PASSWORD, createUsers, learners, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';
import { TransitionWatch } from './support/transition-watch.js';

/** The bound: a removed learner sees the sign-in page within 2 s of the admin's click. */
const SIGN_OUT_WITHIN_MS = 2000;
const USER_REMOVED = 'You were signed out because your account was removed.';
const FACILITY_DELETED = 'You were signed out because your facility was deleted from this device.';

/** Waits for the learner's notice and returns how long after `since` it appeared. */
async function noticeAfter(learner: SignedInLearner, text: string, since: number): Promise<number> {
  await expect(learner.page.getByTestId('sign-in-notice')).toHaveText(text, { timeout: SIGN_OUT_WITHIN_MS });
  const elapsed = Date.now() - since;
  await expect(learner.page).toHaveURL(/\/signin$/);
  await expect(learner.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  return elapsed;
}

async function openUsers(adminPage: Page, baseURL: string, facilityId: string): Promise<void> {
  await adminPage.goto(`${baseURL}/facilities/${facilityId}/users`);
  await expect(adminPage.getByTestId('users-table')).toBeVisible({ timeout: 15_000 });
}

test('setup, a learner, and removing that learner while signed in: straight to sign-in with the notice', async ({ newBrowser, server }) => {
  const adminContext = await newBrowser();
  const adminPage = await adminContext.newPage();

  // First run, through the UI.
  await adminPage.goto(`${server.url}/`);
  await expect(adminPage).toHaveURL(/\/setup$/);
  await adminPage.getByLabel('Facility name').fill('Riverside School');
  await adminPage.getByLabel('Full name').fill(ADMIN.fullName);
  await adminPage.getByLabel('Username').fill(ADMIN.username);
  await adminPage.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await adminPage.getByLabel('Repeat the password').fill(ADMIN.password);
  await adminPage.getByRole('button', { name: 'Set up and sign in' }).click();
  await expect(adminPage.getByRole('heading', { name: 'Facilities' })).toBeVisible({ timeout: 15_000 });

  // A learner, through the "New user" dialog.
  await adminPage.getByRole('link', { name: 'Riverside School' }).click();
  await expect(adminPage.getByRole('heading', { name: 'Users' })).toBeVisible();
  await adminPage.getByRole('button', { name: 'New user' }).click();
  const dialog = adminPage.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Full name').fill('Amara Okafor');
  await dialog.getByLabel('Username').fill('amara');
  await dialog.getByLabel('Password').fill(LEARNER_PASSWORD);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(adminPage.getByTestId('users-status')).toHaveText('Amara Okafor was added.');
  const row = adminPage.getByTestId('user-row').filter({ hasText: 'amara' });
  await expect(row).toBeVisible();

  // The learner signs in in a second browser.
  const learner = await signInLearner(newBrowser, server.url, 'amara', 'Amara Okafor');

  // The admin removes them: the dialog's default is the safe, soft removal.
  await row.getByRole('button', { name: 'Remove Amara Okafor' }).click();
  const remove = adminPage.getByRole('dialog', { name: 'Remove 1 user?' });
  await expect(remove.getByRole('radio', { name: /^Remove/ })).toBeChecked();
  await expect(remove.getByRole('radio', { name: /^Delete permanently/ })).not.toBeChecked();
  const started = Date.now();
  await remove.getByRole('button', { name: 'Remove 1 user' }).click();

  const elapsed = await noticeAfter(learner, USER_REMOVED, started);
  expect(elapsed).toBeLessThan(SIGN_OUT_WITHIN_MS);
  await expectCleanSignOut(learner.watch, learner.heading);
  await learner.page.screenshot({ path: 'e2e/artifacts/sign-in-notice.png' });

  // The admin's list no longer shows them; the removed view does, with a restore action.
  await expect(adminPage.getByTestId('users-status')).toContainText('1 user was removed');
  await expect(adminPage.getByTestId('user-row').filter({ hasText: 'amara' })).toHaveCount(0);
  await adminPage.getByRole('link', { name: 'Removed' }).click();
  await expect(adminPage.getByRole('button', { name: 'Restore Amara Okafor' })).toBeVisible();

  // Trying again with the right password: a plain "wrong username or password", no hint.
  await learner.page.getByLabel('Username').fill('amara');
  await learner.page.getByLabel('Password').fill(LEARNER_PASSWORD);
  await learner.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(learner.page.getByRole('alert')).toHaveText('Wrong username or password.');
  await expect(learner.page.getByTestId('sign-in-notice')).toHaveText(USER_REMOVED);
});

test('permanent delete, chosen and confirmed separately, signs the learner out the same way', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  await createUsers(api, facility.id, [{ username: 'bilal', fullName: 'Bilal Haddad' }]);
  const adminPage = await (await newBrowser()).newPage();
  await signInThroughUi(adminPage, server.url, ADMIN.username, ADMIN.password);
  await openUsers(adminPage, server.url, facility.id);
  const learner = await signInLearner(newBrowser, server.url, 'bilal', 'Bilal Haddad');

  await adminPage.getByRole('button', { name: 'Remove Bilal Haddad' }).click();
  const dialog = adminPage.getByRole('dialog', { name: 'Remove 1 user?' });
  await dialog.getByRole('radio', { name: /^Delete permanently/ }).check();
  // Choosing "delete permanently" does not delete: it leads to a separate confirmation.
  await dialog.getByRole('button', { name: 'Continue…' }).click();
  const confirm = adminPage.getByRole('dialog', { name: 'Delete 1 user permanently?' });
  await expect(confirm).toContainText('This cannot be undone.');
  const started = Date.now();
  await confirm.getByRole('button', { name: 'Delete 1 user permanently' }).click();

  expect(await noticeAfter(learner, USER_REMOVED, started)).toBeLessThan(SIGN_OUT_WITHIN_MS);
  await expectCleanSignOut(learner.watch, learner.heading);
  await expect(adminPage.getByTestId('users-status')).toHaveText('1 user was deleted permanently.');
  await adminPage.getByRole('link', { name: 'Removed' }).click();
  await expect(adminPage.getByText('No removed users')).toBeVisible();
  await api.dispose();
});

test('a bulk removal of three signed-in learners signs out every one of them', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  await createUsers(api, facility.id, [...learners('kid', 3), ...learners('other', 2)]);
  const adminPage = await (await newBrowser()).newPage();
  await signInThroughUi(adminPage, server.url, ADMIN.username, ADMIN.password);
  await openUsers(adminPage, server.url, facility.id);
  const signedIn = [
    await signInLearner(newBrowser, server.url, 'kid1', 'Kid Learner 1'),
    await signInLearner(newBrowser, server.url, 'kid2', 'Kid Learner 2'),
    await signInLearner(newBrowser, server.url, 'kid3', 'Kid Learner 3'),
  ];
  const bystander = await signInLearner(newBrowser, server.url, 'other1', 'Other Learner 1');

  await adminPage.getByLabel('Search').fill('kid');
  await expect(adminPage.getByTestId('users-count')).toHaveText('3 users match');
  for (const name of ['Kid Learner 1', 'Kid Learner 2', 'Kid Learner 3']) await adminPage.getByRole('checkbox', { name: `Select ${name}` }).check();
  await expect(adminPage.getByTestId('selection-count')).toHaveText('3 selected');
  await adminPage.getByRole('region', { name: 'Selected users' }).getByRole('button', { name: 'Remove…' }).click();
  const dialog = adminPage.getByRole('dialog', { name: 'Remove 3 users?' });
  await expect(dialog.getByRole('list', { name: 'Users concerned' }).getByRole('listitem')).toHaveCount(3);
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Remove 3 users' }).click();

  for (const learner of signedIn) {
    expect(await noticeAfter(learner, USER_REMOVED, started)).toBeLessThan(SIGN_OUT_WITHIN_MS);
    await expectCleanSignOut(learner.watch, learner.heading);
  }
  // Someone not selected is untouched and can keep working.
  await expect(bystander.page.getByRole('heading', { name: bystander.heading })).toBeVisible();
  await bystander.page.getByRole('link', { name: 'My devices' }).click();
  await expect(bystander.page.getByTestId('device')).toHaveCount(1);
  expect(bystander.watch.consoleErrors).toEqual([]);
  await api.dispose();
});

test('deleting a facility signs out its learners; another facility’s learner stays signed in', async ({ newBrowser, server }) => {
  const { api } = await provisionDevice(server.url);
  const north = await api.send<FacilityDto>('POST', '/api/facilities', { name: 'North Hill' });
  const south = await api.send<FacilityDto>('POST', '/api/facilities', { name: 'South Bank' });
  await createUsers(api, north.id, [{ username: 'nia', fullName: 'Nia North' }]);
  await createUsers(api, south.id, [{ username: 'sami', fullName: 'Sami South' }]);
  const adminPage = await (await newBrowser()).newPage();
  await signInThroughUi(adminPage, server.url, ADMIN.username, ADMIN.password);
  const northLearner = await signInLearner(newBrowser, server.url, 'nia', 'Nia North');
  const southLearner = await signInLearner(newBrowser, server.url, 'sami', 'Sami South');

  await adminPage.getByRole('button', { name: 'Delete North Hill' }).click();
  const dialog = adminPage.getByRole('dialog', { name: 'Delete “North Hill”?' });
  // The confirmation names how many people go with the facility.
  await expect(dialog.getByTestId('delete-facility-consequence')).toContainText('Its 1 user will be removed and signed out');
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Delete facility and 1 user' }).click();

  expect(await noticeAfter(northLearner, FACILITY_DELETED, started)).toBeLessThan(SIGN_OUT_WITHIN_MS);
  await expectCleanSignOut(northLearner.watch, northLearner.heading);
  await expect(adminPage.getByRole('link', { name: 'North Hill' })).toHaveCount(0);

  // The other facility's learner was not signed out: their page is as it was and still works.
  await expect(southLearner.page.getByRole('heading', { name: southLearner.heading })).toBeVisible();
  await southLearner.page.getByRole('link', { name: 'My devices' }).click();
  await expect(southLearner.page.getByRole('heading', { name: 'My devices' })).toBeVisible();
  await expect(southLearner.page.getByTestId('device')).toHaveCount(1);
  expect(southLearner.watch.consoleErrors).toEqual([]);
  await api.dispose();
});

test('a learner signed in on two browsers is signed out of both', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const [learnerUser] = await createUsers(api, facility.id, [{ username: 'chen', fullName: 'Chen Wei' }]);
  const laptop = await signInLearner(newBrowser, server.url, 'chen', 'Chen Wei');
  const tablet = await signInLearner(newBrowser, server.url, 'chen', 'Chen Wei');

  const started = Date.now();
  await api.send('DELETE', `/api/users/${learnerUser!.id}`);
  for (const device of [laptop, tablet]) {
    expect(await noticeAfter(device, USER_REMOVED, started)).toBeLessThan(SIGN_OUT_WITHIN_MS);
    await expectCleanSignOut(device.watch, device.heading);
  }
  await api.dispose();
});

test('any call answered 401 takes the same path, even when the event stream never connected', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const [learnerUser] = await createUsers(api, facility.id, [{ username: 'dara', fullName: 'Dara Quinn' }]);
  const context = await newBrowser();
  // Hold the event stream forever: this browser learns of the removal only from a 401.
  await context.route('**/api/session/events', () => {});
  const page = await context.newPage();
  const watch = await TransitionWatch.install(page);
  // The learner's home makes two calls of its own as it appears (its quiz list, the learner's sync
  // status). Both must be answered before the removal, so the click below makes the first call
  // after it: on a busy machine one of them was still on its way, met the 401 first, and the page
  // had left for sign-in before the click.
  const homeCalls = Promise.all(['**/api/learn/quizzes', '**/api/sync/my-status'].map((url) => page.waitForResponse(url)));
  await signInThroughUi(page, server.url, 'dara', LEARNER_PASSWORD);
  const heading = 'Welcome, Dara Quinn';
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  await homeCalls;

  await api.send('DELETE', `/api/users/${learnerUser!.id}`);
  await watch.restart();
  await page.getByRole('link', { name: 'See where you are signed in' }).click();

  await expect(page.getByTestId('sign-in-notice')).toHaveText('Your session has ended. Sign in again to continue.', { timeout: SIGN_OUT_WITHIN_MS });
  await expect(page).toHaveURL(/\/signin$/);
  // The devices page that made the call may have started loading; it never showed an error.
  const screens = await watch.screens();
  for (const screen of screens) {
    expect(screen.errorText, JSON.stringify(screen)).toBeNull();
    expect(screen.alerts, JSON.stringify(screen)).toEqual([]);
    expect(screen.crashed).toBe(false);
  }
  expect(watch.consoleErrors).toEqual([]);
  expect(watch.pageErrors).toEqual([]);
  await api.dispose();
});

test('a request still in flight when the session ends is dropped: one transition, no error', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const [learnerUser] = await createUsers(api, facility.id, [{ username: 'emeka', fullName: 'Emeka Obi' }]);
  const learner = await signInLearner(newBrowser, server.url, 'emeka', 'Emeka Obi');
  // Hold the devices list until after the removal, so its answer (a 401) would come late.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await learner.context.route('**/api/auth/sessions', async (route) => {
    await held;
    // The app aborts its requests when the session ends; the browser may have dropped this one.
    await route.continue().catch(() => {});
  });
  const isHeld = (request: { url(): string }) => request.url().endsWith('/api/auth/sessions');
  // The held request ends one way or the other: aborted by the app, or answered (401) late.
  const heldRequestDone = Promise.race([
    learner.page.waitForEvent('requestfailed', { predicate: isHeld, timeout: 20_000 }),
    learner.page.waitForEvent('requestfinished', { predicate: isHeld, timeout: 20_000 }),
  ]);
  await learner.page.getByRole('link', { name: 'My devices' }).click();
  await expect(learner.page.getByRole('heading', { name: 'My devices' })).toBeVisible();
  await learner.watch.restart();

  await api.send('DELETE', `/api/users/${learnerUser!.id}`);
  await expect(learner.page.getByTestId('sign-in-notice')).toHaveText(USER_REMOVED, { timeout: SIGN_OUT_WITHIN_MS });
  release();
  await heldRequestDone;
  // Whatever became of the held request, the sign-in page stays as it is, with the same notice.
  await expect(learner.page.getByTestId('sign-in-notice')).toHaveText(USER_REMOVED);
  await expectCleanSignOut(learner.watch, 'My devices');
  const headings = (await learner.watch.screens()).map((screen) => screen.heading);
  // Exactly one move to the sign-in page.
  expect(headings.filter((heading, index) => heading === 'Sign in' && headings[index - 1] !== 'Sign in')).toHaveLength(1);
  await api.dispose();
});
