import type { Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

/** What the page showed after one batch of DOM changes. */
export interface ScreenState {
  /** Milliseconds since the watch was (re)started. */
  readonly at: number;
  /** The page's main heading, or null when there is none (a blank or half-drawn page). */
  readonly heading: string | null;
  /** Text of every `role="alert"` element. */
  readonly alerts: readonly string[];
  /** Error-sounding text anywhere on the page. */
  readonly errorText: string | null;
  /** The crash page of the router's error boundary was drawn. */
  readonly crashed: boolean;
}

/** The recorder's state on the page's `window`. */
interface RecorderGlobals {
  __outpostScreens?: ScreenState[];
  __outpostWatchStart?: number;
  performance: { now(): number };
}

const recorderScript = fileURLToPath(new URL('./screen-recorder.browser.js', import.meta.url));

/**
 * Records every state the page's DOM passes through (a MutationObserver installed before any app
 * code runs), and every console error and uncaught exception, so a test can prove that a transition
 * went straight from one screen to the next with no error text, error page or blank page between.
 */
export class TransitionWatch {
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];

  private constructor(private readonly page: Page) {}

  /** Installs the recorder on a page before it navigates anywhere. */
  static async install(page: Page): Promise<TransitionWatch> {
    const watch = new TransitionWatch(page);
    page.on('console', (message) => {
      // The browser logs every non-2xx network answer as a console error; the 401s that end a
      // session (and the anonymous start-up check) are expected. Anything else is not.
      if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 401/.test(message.text())) {
        watch.consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => watch.pageErrors.push(error.message));
    await page.addInitScript({ path: recorderScript });
    return watch;
  }

  /** Forgets what was recorded so far: the transition under test starts now. */
  async restart(): Promise<void> {
    this.consoleErrors.length = 0;
    this.pageErrors.length = 0;
    await this.page.evaluate(() => {
      const page = globalThis as unknown as RecorderGlobals;
      page.__outpostScreens = [];
      page.__outpostWatchStart = page.performance.now();
    });
  }

  /** Every distinct screen state since the last restart. */
  async screens(): Promise<ScreenState[]> {
    return this.page.evaluate(() => (globalThis as unknown as RecorderGlobals).__outpostScreens ?? []);
  }
}
