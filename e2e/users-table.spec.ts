import type { Route } from '@playwright/test';
import type { UserDto, UserPageDto } from '../core/contract/users.js';
import { expect, test } from './support/fixtures.js';
import { ADMIN, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

const TOTAL = 10_000;

/** User number `n` of a synthetic 10,000-user facility. */
function syntheticUser(facilityId: string, n: number): UserDto {
  const padded = String(n).padStart(5, '0');
  return {
    id: `u${padded}`,
    facilityId,
    username: `learner${padded}`,
    fullName: `Learner ${padded}`,
    kind: n % 50 === 0 ? 'coach' : 'learner',
    isSuperuser: false,
    birthYear: null,
    gender: null,
    idNumber: null,
    dateDeleted: null,
  };
}

/**
 * Answers the users list from a synthetic facility of 10,000 users, honouring search, sort and
 * paging the way the server does, and records each request. Seeding 10,000 real accounts (each with
 * a scrypt hash) would take minutes; the table's behaviour is what is under test here.
 */
function fakeUsersApi(facilityId: string) {
  const requests: URL[] = [];
  const handler = async (route: Route) => {
    const url = new URL(route.request().url());
    if (route.request().method() !== 'GET' || !url.pathname.endsWith('/users')) return route.fallback();
    requests.push(url);
    const search = (url.searchParams.get('search') ?? '').toLowerCase();
    const sort = url.searchParams.get('sort') ?? 'username';
    const page = Number(url.searchParams.get('page') ?? '1');
    const pageSize = Number(url.searchParams.get('pageSize') ?? '50');
    let numbers = Array.from({ length: TOTAL }, (_, i) => i + 1);
    if (search) numbers = numbers.filter((n) => syntheticUser(facilityId, n).fullName.toLowerCase().includes(search));
    if (sort.startsWith('-')) numbers.reverse();
    const items = numbers.slice((page - 1) * pageSize, page * pageSize).map((n) => syntheticUser(facilityId, n));
    const body: UserPageDto = { items, total: numbers.length, page, pageSize };
    await route.fulfill({ json: body });
  };
  return { requests, handler };
}

test('the users table stays small in the DOM and smooth through 10,000 users; search and sort go to the server', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const context = await newBrowser();
  const fake = fakeUsersApi(facility.id);
  await context.route(`**/api/facilities/${facility.id}/users?*`, fake.handler);
  const page = await context.newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  await expect(page.getByTestId('users-count')).toHaveText('10,000 users');
  await expect(page.getByTestId('user-row').first()).toHaveAttribute('data-username', 'learner00001');

  // Only the rows in view (plus a few) are in the DOM.
  const rendered = await page.getByTestId('user-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
  await expect(page.getByTestId('users-table')).toHaveAttribute('aria-rowcount', String(TOTAL + 1));

  // "Select all" in the header takes the rows shown; the bulk bar offers every one of the 10,000.
  await page.getByRole('checkbox', { name: 'Select all users shown' }).check();
  await expect(page.getByTestId('selection-count')).toHaveText('100 selected');
  await page.getByRole('button', { name: 'Select all 10,000 users' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('10,000 selected');
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.getByTestId('selection-count')).toHaveCount(0);

  // Jump to the end: only the pages in view are fetched, not the 99 in between.
  fake.requests.length = 0;
  await page.getByTestId('users-scroll').evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(page.getByTestId('user-row').filter({ hasText: 'learner10000' })).toBeVisible({ timeout: 15_000 });
  expect(fake.requests.length).toBeLessThanOrEqual(2);
  expect(await page.getByTestId('user-row').count()).toBeLessThan(60);
  await page.getByTestId('users-scroll').evaluate((element) => (element.scrollTop = 0));

  // Scroll through the whole list, one step per frame, and time the frames.
  const frames = await page.getByTestId('users-scroll').evaluate(async (element) => {
    // The e2e type check has no DOM library; these are the two browser functions used here.
    const browser = globalThis as unknown as { requestAnimationFrame(callback: () => void): number; performance: { now(): number } };
    const durations: number[] = [];
    let last = browser.performance.now();
    for (let step = 0; step < 120; step++) {
      element.scrollTop += element.scrollHeight / 120;
      await new Promise<void>((resolve) => browser.requestAnimationFrame(() => resolve()));
      const now = browser.performance.now();
      durations.push(now - last);
      last = now;
    }
    return durations.sort((a, b) => a - b);
  });
  const median = frames[Math.floor(frames.length / 2)]!;
  test.info().annotations.push({ type: 'frame times', description: `median ${median.toFixed(1)} ms, worst ${frames.at(-1)!.toFixed(1)} ms over ${frames.length} frames` });
  // Generous: a 2-core CI machine running other suites. A non-virtualised table of 10,000 rows
  // takes seconds per frame here.
  expect(median).toBeLessThan(100);

  await expect(page.getByTestId('user-row').filter({ hasText: 'learner10000' })).toBeVisible({ timeout: 15_000 });
  expect(await page.getByTestId('user-row').count()).toBeLessThan(60);

  // Search as you type: one request for what was typed, not one per key.
  fake.requests.length = 0;
  await page.getByLabel('Search').pressSequentially('Learner 0999', { delay: 20 });
  await expect(page.getByTestId('users-count')).toHaveText('10 users match');
  const searches = fake.requests.map((url) => url.searchParams.get('search'));
  expect(searches.at(-1)).toBe('Learner 0999');
  expect(searches.length).toBeLessThan('Learner 0999'.length);
  await expect(page.getByTestId('user-row')).toHaveCount(10);

  // Sorting by a column is done by the server and announced on the header.
  await page.getByLabel('Search').fill('');
  await expect(page.getByTestId('users-count')).toHaveText('10,000 users');
  const usernameHeader = page.getByRole('columnheader', { name: 'Username' });
  await usernameHeader.getByRole('button').click();
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'ascending');
  await usernameHeader.getByRole('button').click();
  await expect(usernameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('user-row').first()).toHaveAttribute('data-username', 'learner10000');
  expect(fake.requests.at(-1)?.searchParams.get('sort')).toBe('-username');

  // Role filter.
  await page.getByLabel('Role').selectOption('coach');
  expect(await page.getByLabel('Role').inputValue()).toBe('coach');
  await expect.poll(() => fake.requests.at(-1)?.searchParams.get('role')).toBe('coach');
  await api.dispose();
});

test('a users list that fails to load says so and offers a retry that works', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  const context = await newBrowser();
  let failures = 1;
  await context.route(`**/api/facilities/${facility.id}/users?*`, async (route) => {
    if (failures > 0) {
      failures -= 1;
      return route.fulfill({ status: 500, json: { code: 'INTERNAL', message: 'Something went wrong on the server.' } });
    }
    return route.fallback();
  });
  const page = await context.newPage();
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This could not be loaded');
  await expect(alert).toContainText('The server ran into a problem.');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('users-count')).toHaveText('1 user');
  await api.dispose();
});
