import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/find-chromium.mjs';

const chromium = findChromium();
// One line instead of one "executable doesn't exist" failure per test, or a stack trace
// (`npm test` checks before building; this covers `npx playwright test`).
if (chromium.problem) {
  console.error(chromium.problem);
  process.exit(1);
}

/** OUTPOST_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own download. */
export const CHROMIUM_PATH = chromium.path;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
});
