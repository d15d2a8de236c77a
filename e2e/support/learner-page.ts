import { expect, type BrowserContext, type Page } from '@playwright/test';
import { LEARNER_PASSWORD } from './seed.js';
import { signInThroughUi } from './sign-in.js';
import { TransitionWatch } from './transition-watch.js';

/** A learner signed in in their own browser context, with the transition recorder installed. */
export interface SignedInLearner {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly watch: TransitionWatch;
  readonly heading: string;
}

/**
 * Opens a new browser context (a second person's browser), signs the learner in through the UI and
 * waits until their session event stream is open, so a removal is pushed to them rather than
 * discovered on their next request.
 */
export async function signInLearner(
  newBrowser: () => Promise<BrowserContext>,
  baseURL: string,
  username: string,
  fullName: string,
): Promise<SignedInLearner> {
  const ownContext = await newBrowser();
  const page = await ownContext.newPage();
  const watch = await TransitionWatch.install(page);
  const streamOpen = page.waitForResponse((response) => response.url().endsWith('/api/session/events') && response.status() === 200, { timeout: 20_000 });
  await signInThroughUi(page, baseURL, username, LEARNER_PASSWORD);
  const heading = `Welcome, ${fullName}`;
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  await streamOpen;
  await watch.restart();
  return { context: ownContext, page, watch, heading };
}
