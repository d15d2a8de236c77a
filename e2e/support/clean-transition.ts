import { expect } from '@playwright/test';
import type { TransitionWatch } from './transition-watch.js';

/**
 * Asserts that, since the watch restarted, the page went from the signed-in screen straight to the
 * sign-in page: every screen in between had one of the expected headings (never none: no blank page),
 * no error text, no alert, no crash page, and nothing was logged as an error.
 */
export async function expectCleanSignOut(watch: TransitionWatch, signedInHeading: string): Promise<void> {
  const screens = await watch.screens();
  const allowed = new Set([signedInHeading, 'Sign in']);
  for (const screen of screens) {
    expect(screen.crashed, `crash page drawn: ${JSON.stringify(screen)}`).toBe(false);
    expect(screen.errorText, `error text shown: ${JSON.stringify(screen)}`).toBeNull();
    expect(screen.alerts, `alert shown: ${JSON.stringify(screen)}`).toEqual([]);
    expect(allowed.has(screen.heading ?? ''), `unexpected screen: ${JSON.stringify(screen)}`).toBe(true);
  }
  expect(screens.at(-1)?.heading).toBe('Sign in');
  expect(watch.consoleErrors, 'console errors').toEqual([]);
  expect(watch.pageErrors, 'uncaught exceptions').toEqual([]);
}
