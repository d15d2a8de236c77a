import { defineConfig } from '@playwright/test';

/**
 * The desktop app through Playwright's _electron: `npm run test:electron`. Kept apart from the
 * browser suite (playwright.config.ts), which does not match *.electron.ts files.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.electron.ts',
  outputDir: '../../test-results/playwright-electron',
  timeout: 180_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: '../../test-results/playwright-electron.json' }]],
});
