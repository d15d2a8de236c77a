import type { ManualClock } from './clock.js';

/** Cancels a scheduled task; calling it after the task ran does nothing. */
export type CancelTask = () => void;

/** Runs tasks later. Injected like the clock, so tests move time instead of sleeping. */
export interface Scheduler {
  /** Runs `task` once after `delayMs`. A real scheduler never keeps the process alive for it. */
  schedule(delayMs: number, task: () => void): CancelTask;
}

/** The real scheduler: timers that do not hold the process open. */
export const systemScheduler: Scheduler = Object.freeze({
  schedule(delayMs: number, task: () => void): CancelTask {
    // Timers cap at 2^31-1 ms (about 24.8 days); a daily schedule is far below.
    const handle = setTimeout(task, Math.min(Math.max(0, delayMs), 2 ** 31 - 1));
    (handle as unknown as { unref?: () => void }).unref?.();
    return () => clearTimeout(handle);
  },
});

/** A scheduler that only runs tasks when a test advances it, moving its manual clock along. */
export interface ManualScheduler extends Scheduler {
  /** Moves the clock forward by `ms`, running every task that falls due, in time order, at its time. */
  advance(ms: number): void;
  /** Tasks waiting to run. */
  pending(): number;
  /** When the next task is due (ms since the epoch), or null. */
  nextAt(): number | null;
}

/** Creates a manual scheduler over `clock`. */
export function createManualScheduler(clock: ManualClock): ManualScheduler {
  const tasks: { at: number; order: number; task: () => void }[] = [];
  let order = 0;
  const sortTasks = () => tasks.sort((a, b) => a.at - b.at || a.order - b.order);
  return {
    schedule(delayMs, task) {
      const entry = { at: clock.now() + Math.max(0, delayMs), order: order++, task };
      tasks.push(entry);
      sortTasks();
      return () => {
        const index = tasks.indexOf(entry);
        if (index !== -1) tasks.splice(index, 1);
      };
    },
    advance(ms) {
      const until = clock.now() + ms;
      for (let next = tasks[0]; next && next.at <= until; next = tasks[0]) {
        tasks.shift();
        if (next.at > clock.now()) clock.set(next.at);
        next.task();
      }
      clock.set(until);
    },
    pending: () => tasks.length,
    nextAt: () => tasks[0]?.at ?? null,
  };
}

/**
 * Runs `task` every `intervalMs` on `scheduler` until the returned function is called. Each run is
 * scheduled after the previous one, so a manual scheduler's `advance` runs it once per interval.
 */
export function scheduleRepeating(scheduler: Scheduler, intervalMs: number, task: () => void): CancelTask {
  let stopped = false;
  let cancel: CancelTask = () => {};
  const next = () => {
    cancel = scheduler.schedule(intervalMs, () => {
      if (stopped) return;
      // The next run is scheduled first, so a task that stops the repetition cancels it.
      next();
      task();
    });
  };
  next();
  return () => {
    stopped = true;
    cancel();
  };
}
