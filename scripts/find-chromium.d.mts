/** Where Debian's chromium package puts the browser. */
export const debianChromium: string;
/** The one line that says how to get a browser for the tests. */
export const chromiumHint: string;
/** True when path names an executable regular file. */
export function isExecutable(path: string): boolean;
/** Where Playwright's registry puts its Chromium download, whether or not it was downloaded; undefined without playwright-core. */
export function playwrightChromium(): string | undefined;
/** The browser found, and which rule found it; or the one line saying what is wrong. */
export type ChromiumChoice = { path: string; source: 'OUTPOST_CHROMIUM' | 'debian' | 'playwright'; problem?: undefined } | { problem: string; path?: undefined; source?: undefined };
/** The browser to use, or the one line saying what to run when there is none. */
export function findChromium(
  env?: NodeJS.ProcessEnv,
  debianPath?: string,
  playwrightPath?: string | undefined | (() => string | undefined),
): ChromiumChoice;
