import { test as base, type BrowserContext } from '@playwright/test';
import { startOutpostServer, type OutpostServer } from './outpost-server.js';

/** What every e2e test gets. */
export interface OutpostFixtures {
  /** A fresh Outpost server in its own temporary home. */
  readonly server: OutpostServer;
  /** Opens a new browser context (another person's browser); all are closed before the server stops. */
  readonly newBrowser: () => Promise<BrowserContext>;
}

/** Playwright's `test` with a fresh server per test and browser contexts that are cleaned up. */
export const test = base.extend<OutpostFixtures>({
  server: async ({}, use) => {
    const server = await startOutpostServer();
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
  // Depends on `server`, so it is torn down first: browsers close their event streams before the
  // server is asked to stop.
  newBrowser: async ({ browser, server }, use) => {
    void server;
    const opened: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      opened.push(context);
      return context;
    });
    await Promise.all(opened.map((context) => context.close()));
  },
});

export { expect } from '@playwright/test';
