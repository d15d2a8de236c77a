import type { Cancel, Scheduler } from '../scheduler.js';

/** A scheduler whose time moves only when a test calls `advance`. */
export interface ManualScheduler extends Scheduler {
  /** Moves time forward, running every task that falls due, in order. */
  advance(ms: number): void;
  /** Tasks scheduled and not yet run or cancelled. */
  readonly pending: number;
  now(): number;
}

/** Creates a `ManualScheduler` at time 0; its `now` doubles as the clock. */
export function createManualScheduler(): ManualScheduler {
  let now = 0;
  let nextId = 0;
  const tasks = new Map<number, { readonly at: number; readonly task: () => void }>();
  return {
    schedule(ms, task): Cancel {
      const id = nextId++;
      tasks.set(id, { at: now + ms, task });
      return () => void tasks.delete(id);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...tasks.entries()].filter(([, entry]) => entry.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        tasks.delete(due[0]);
        now = due[1].at;
        due[1].task();
      }
      now = until;
    },
    get pending() {
      return tasks.size;
    },
    now: () => now,
  };
}
