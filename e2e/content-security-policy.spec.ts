import { CONTENT_SECURITY_POLICY } from '../electron/content-security-policy.js';
import { expect, test } from './support/fixtures.js';
import { ADMIN, createUsers, learners, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

test('the UI works under the desktop window’s Content Security Policy (no inline scripts or styles)', async ({ newBrowser, server }) => {
  const { api, facility } = await provisionDevice(server.url);
  await createUsers(api, facility.id, learners('pupil', 2));
  const context = await newBrowser();
  // Serve every page with the policy the Electron shell adds, so a violation shows up here first.
  await context.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CONTENT_SECURITY_POLICY } });
  });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signInThroughUi(page, server.url, ADMIN.username, ADMIN.password);
  await page.goto(`${server.url}/facilities/${facility.id}/users`);
  await expect(page.getByTestId('user-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'Import CSV' }).click();
  // The CSV parser is a lazily loaded chunk: it must load under the policy too.
  await page.getByTestId('import-file').setInputFiles({ name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('username,full_name,password\nzed,Zed,pw\n') });
  await expect(page.getByTestId('import-summary')).toHaveText('1 user in a.csv');
  await page.keyboard.press('Escape');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await download;
  expect(violations).toEqual([]);
  // And the policy really was in force: an inline <style> is refused. (A string, as the e2e type
  // check has no DOM library.)
  const inlineStyleApplied = await page.evaluate(`(() => {
    const style = document.createElement('style');
    style.textContent = '#root { outline: 7px solid red; }';
    document.head.append(style);
    return getComputedStyle(document.getElementById('root')).outlineWidth === '7px';
  })()`);
  expect(inlineStyleApplied).toBe(false);
  await api.dispose();
});
