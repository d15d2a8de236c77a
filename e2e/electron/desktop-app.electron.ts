import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { electronBinary, missingElectronReason } from '../../scripts/electron-runtime.mjs';
import { stageDesktopApp } from '../../scripts/electron-stage.mjs';

/** Why this machine cannot run the desktop app, in one line; undefined when it can. */
function skipReason(): string | undefined {
  const missing = missingElectronReason();
  if (missing) return missing;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display on this Linux machine (run the suite under xvfb-run)';
  return undefined;
}

const reason = skipReason();
test.skip(reason !== undefined, `desktop app not run: ${reason}`);
test.describe.configure({ mode: 'serial' });

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.describe('the desktop app', () => {
  let userData: string;
  let port: number;
  let app: ElectronApplication | undefined;
  let page: Page;
  const origin = () => `http://127.0.0.1:${port}`;

  test.beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'outpost-desktop-'));
    port = await freePort();
    // Loopback only: a test has no business serving the LAN.
    writeFileSync(join(userData, 'settings.json'), JSON.stringify({ port, lanServing: false }));
    const stage = await stageDesktopApp({ log: () => {} });
    app = await _electron.launch({ executablePath: electronBinary() as string, args: [stage], env: { ...process.env, OUTPOST_USER_DATA: userData } });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close().catch(() => {});
    rmSync(userData, { recursive: true, force: true });
  });

  test('opens one window on 127.0.0.1 showing the sign-in or setup page', async () => {
    await expect(page).toHaveURL(new RegExp(`^${origin()}/`));
    await expect(page).toHaveTitle(/Outpost/);
    // Until the sign-in and setup pages exist, the app's home page with its Outpost heading.
    await expect(page.getByRole('heading', { name: /sign in|set up|outpost/i }).first()).toBeVisible();
    expect(app?.windows()).toHaveLength(1);
  });

  test('gives the page only a frozen { apiBaseUrl, appVersion }, and no Node', async () => {
    const surface = await page.evaluate(() => {
      const shell = (globalThis as { outpost?: Record<string, unknown> }).outpost;
      return { keys: Object.keys(shell ?? {}).sort(), frozen: Object.isFrozen(shell), apiBaseUrl: shell?.apiBaseUrl, require: typeof (globalThis as { require?: unknown }).require, process: typeof (globalThis as { process?: unknown }).process };
    });
    expect(surface).toEqual({ keys: ['apiBaseUrl', 'appVersion'], frozen: true, apiBaseUrl: origin(), require: 'undefined', process: 'undefined' });
  });

  test('runs the page under a CSP that blocks inline scripts', async () => {
    // A string, not a function: it runs in the page, whose DOM types this Node project does not load.
    const ranInline = await page.evaluate(`new Promise((resolve) => {
      const script = document.createElement('script');
      script.textContent = 'window.outpostInline = true';
      document.head.append(script);
      setTimeout(() => resolve(window.outpostInline === true), 100);
    })`);
    expect(ranInline).toBe(false);
  });

  test('keeps the window on the app when a page tries to leave it, sending web links to the system browser', async () => {
    // Record instead of opening a real browser on the test machine.
    await app?.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { outpostOpened?: string[] }).outpostOpened = opened;
      // defineProperty throws, rather than silently keeping the real one, if it cannot be replaced.
      Object.defineProperty(shell, 'openExternal', { value: async (url: string) => void opened.push(url), configurable: true, writable: true });
    });
    await page.evaluate(`void (location.href = 'https://example.org/outside')`);
    await expect.poll(() => app?.evaluate(() => (globalThis as { outpostOpened?: string[] }).outpostOpened)).toEqual(['https://example.org/outside']);
    expect(new URL(page.url()).origin).toBe(origin());
  });

  test('on quit, closes the databases: each WAL checkpointed, each file opens cleanly', async () => {
    await app?.close();
    app = undefined;
    for (const name of ['default.sqlite3', 'sessions.sqlite3']) {
      const file = join(userData, 'home', name);
      expect(existsSync(file), `${name} exists`).toBe(true);
      expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0, `${name} has an un-checkpointed WAL`).toBe(true);
      const database = new Database(file);
      try {
        expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(database.pragma('wal_checkpoint(PASSIVE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
      } finally {
        database.close();
      }
    }
  });
});
