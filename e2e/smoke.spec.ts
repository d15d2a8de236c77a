import { expect, test } from './support/fixtures.js';

test('the server serves the user interface, which finds a new device and asks to set it up', async ({ newBrowser, server }) => {
  const page = await (await newBrowser()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/`);
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up Outpost' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a deep link is answered with the app, an unknown API path with a JSON 404', async ({ request, server }) => {
  const page = await request.get(`${server.url}/facilities/123`);
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain('<div id="root"></div>');
  const api = await request.get(`${server.url}/api/nothing-here`);
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ code: 'NOT_FOUND', message: 'No such endpoint: GET /api/nothing-here' });
});

test('when the server cannot be reached the page says so and offers a retry', async ({ newBrowser, server }) => {
  const context = await newBrowser();
  let down = true;
  await context.route('**/api/**', (route) => (down ? route.abort('connectionrefused') : route.fallback()));
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Outpost is not answering');
  await expect(alert).toContainText('The Outpost server cannot be reached.');
  down = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Set up Outpost' })).toBeVisible();
});
