/** Cancels a scheduled task; calling it after the task ran does nothing. */
export type Cancel = () => void;

/** Runs tasks later. Injected so tests decide when time passes. */
export interface Scheduler {
  /** Runs `task` after `ms` milliseconds. */
  schedule(ms: number, task: () => void): Cancel;
}

/** The real timers. */
export const systemScheduler: Scheduler = Object.freeze({
  schedule(ms: number, task: () => void): Cancel {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
});
