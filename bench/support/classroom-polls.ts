// The classroom figure of the benchmarks (issues 14 and 16): signed-in learners polling their
// session while heavy work runs on the server, each wait measured from when the poll was due, so a
// stalled server shows as late polls even though the poller never sends faster than it should.
import { performance } from 'node:perf_hooks';
import { apiRoutes } from '../../core/contract/api-routes.js';
import { createTestBrowser, type TestBrowser } from '../../core/server/auth/test-support/test-browser.js';

/** How many learners a classroom has, and how often each page polls its session. */
export const CLASSROOM_LEARNERS = 40;
export const POLL_MS = 500;

/** Session polls of a classroom phase: waits in ms (from when each poll was due) and failed polls. */
export interface PollFigures {
  readonly polls: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
}

/** The percentiles of `waits`, nearest rank. */
export function pollFigures(waits: readonly number[], errors: number): PollFigures {
  const sorted = [...waits].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { polls: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, errors };
}

/** A running classroom: `mark` closes the current phase and answers its figures; `stop` ends the polls and answers the last phase's. */
export interface Classroom {
  mark(): PollFigures;
  stop(): Promise<PollFigures>;
}

/**
 * Learners `learner0…learner39` (password `pw<n>`, already on the server at `url`) sign in and poll
 * their session every 500 ms, staggered over the interval, until `stop` is called.
 */
export async function startClassroom(url: string): Promise<Classroom> {
  const learners: TestBrowser[] = [];
  for (let n = 0; n < CLASSROOM_LEARNERS; n++) {
    const browser = createTestBrowser(url);
    const response = await browser.signIn(`learner${n}`, `pw${n}`);
    if (response.status !== 200) throw new Error(`learner${n} could not sign in on ${url}: ${JSON.stringify(response.body)}`);
    learners.push(browser);
  }
  let running = true;
  let phase = { waits: [] as number[], errors: 0 };
  const loops = learners.map(async (browser, n) => {
    let due = performance.now() + (n * POLL_MS) / CLASSROOM_LEARNERS;
    while (running) {
      const ahead = due - performance.now();
      // The poll's own rhythm, not a wait for a condition: a page polls on a timer.
      if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
      const current = phase;
      try {
        const response = await browser.request('GET', apiRoutes.currentSession);
        if (response.status !== 200) current.errors++;
      } catch {
        current.errors++;
      }
      current.waits.push(performance.now() - due);
      due = Math.max(due + POLL_MS, performance.now());
    }
  });
  return {
    mark() {
      const previous = phase;
      phase = { waits: [], errors: 0 };
      return pollFigures(previous.waits, previous.errors);
    },
    async stop() {
      const last = phase;
      running = false;
      await Promise.all(loops);
      return pollFigures(last.waits, last.errors);
    },
  };
}
