/** The source of "now", injected so tests move time instead of sleeping (core's Clock, restated: electron/ imports only core's entry point). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
