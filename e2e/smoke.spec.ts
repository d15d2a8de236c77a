import { expect, test } from '@playwright/test';
import { startOutpostServer, type OutpostServer } from './support/outpost-server.js';

let server: OutpostServer;
test.beforeAll(async () => {
  server = await startOutpostServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('the server serves the user interface to a browser, which reaches the API', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}/`);
  await expect(page.getByRole('heading', { name: 'Outpost' })).toBeVisible();
  await expect(page.getByText('Version 0.1.0')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a deep link is answered with the app, an unknown API path with a JSON 404', async ({ request }) => {
  const page = await request.get(`${server.url}/facilities/123`);
  expect(page.status()).toBe(200);
  expect(await page.text()).toContain('<div id="root"></div>');
  const api = await request.get(`${server.url}/api/nothing-here`);
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ code: 'NOT_FOUND', message: 'No such endpoint: GET /api/nothing-here' });
});
