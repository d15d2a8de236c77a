// Which Chromium the browser tests use, in the order the README gives: OUTPOST_CHROMIUM, Debian's
// /usr/bin/chromium, then Playwright's own download (`npx playwright install chromium`).
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Where Debian's chromium package puts the browser. */
export const debianChromium = '/usr/bin/chromium';

/** The one line that says how to get a browser for the tests. */
export const chromiumHint =
  'No Chromium for the browser tests: run `apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set OUTPOST_CHROMIUM to a Chromium binary.';

/** True when path names an executable regular file. */
export function isExecutable(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Playwright's registry puts its Chromium download, whether or not it was downloaded; undefined without playwright-core. */
export function playwrightChromium() {
  try {
    return createRequire(import.meta.url)('playwright-core').chromium.executablePath();
  } catch {
    // playwright-core missing, or its registry has no build for this platform.
    return undefined;
  }
}

/**
 * The browser to use: `{ path, source }`, or `{ problem }` (one line) when there is none.
 * A set OUTPOST_CHROMIUM that names nothing runnable is a problem, not a reason to pick another browser.
 */
export function findChromium(env = process.env, debianPath = debianChromium, playwrightPath = playwrightChromium) {
  const chosen = env.OUTPOST_CHROMIUM;
  if (chosen) {
    if (isExecutable(chosen)) return { path: chosen, source: 'OUTPOST_CHROMIUM' };
    return { problem: `OUTPOST_CHROMIUM is ${chosen}, which is not an executable file; unset it or point it at a Chromium binary.` };
  }
  if (isExecutable(debianPath)) return { path: debianPath, source: 'debian' };
  const downloaded = typeof playwrightPath === 'function' ? playwrightPath() : playwrightPath;
  if (downloaded && isExecutable(downloaded)) return { path: downloaded, source: 'playwright' };
  return { problem: chromiumHint };
}
