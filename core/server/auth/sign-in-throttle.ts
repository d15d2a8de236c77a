import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';

/** Limits on failed sign-ins. */
export interface SignInThrottleSettings {
  /** Failures for one username (any address) within the window before it is refused. */
  readonly maxFailuresPerUsername: number;
  /** Failures from one address (any username) within the window before it is refused. */
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
  /** Most usernames and addresses remembered at once; the stalest are forgotten first. */
  readonly maxTrackedKeys: number;
}

/** Five wrong passwords per username and thirty per address in five minutes. */
export const defaultSignInThrottleSettings: SignInThrottleSettings = Object.freeze({
  maxFailuresPerUsername: 5,
  // Higher: a shared classroom computer sees every learner's typos.
  maxFailuresPerAddress: 30,
  windowMs: 5 * 60_000,
  maxTrackedKeys: 10_000,
});

/** An attempt the throttle let through; settle it exactly once. */
export interface AdmittedSignIn {
  readonly admitted: true;
  /** The password was right: clears the username's failures (not the address's: signing in to one's own account must not reset a guessing run). */
  succeeded(): void;
  /** The credentials were wrong: counts against the username and the address. */
  failed(): void;
  /** The attempt could not be judged (an internal error): counts as nothing. */
  abandoned(): void;
}

/** An attempt the throttle refused. */
export interface RefusedSignIn {
  readonly admitted: false;
  /** Milliseconds until an attempt may succeed being admitted. */
  readonly retryAfterMs: number;
}

/** Counts failed sign-ins per username and per address in a sliding window. */
export interface SignInThrottle {
  /**
   * Admits or refuses an attempt for `username` from `address`. Attempts still being checked count
   * as failures until settled, so a burst of parallel guesses cannot all slip in before the first
   * one is counted.
   */
  admit(username: string, address: string): AdmittedSignIn | RefusedSignIn;
}

// While only in-flight attempts fill the quota, their outcome decides; a second is a fair guess.
const IN_FLIGHT_RETRY_MS = 1_000;

/**
 * Creates the in-memory throttle of one core. Memory is bounded: each key keeps at most its limit's
 * worth of timestamps, and at most `maxTrackedKeys` keys are kept.
 */
export function createSignInThrottle(clock: Clock, input: Partial<SignInThrottleSettings> = {}): SignInThrottle {
  const settings = Object.freeze({ ...defaultSignInThrottleSettings, ...input });
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value <= 0) throw new CoreError('CONFIG_INVALID', `Sign-in throttle setting ${name} must be a positive integer (got ${value}).`);
  }
  // Key → failure times, oldest first. Map order doubles as least-recently-failed order for eviction.
  const failures = new Map<string, number[]>();
  // Key → attempts admitted and not yet settled.
  const inFlight = new Map<string, number>();

  const usernameKey = (username: string) => `u:${username.trim().toLowerCase()}`;
  const addressKey = (address: string) => `a:${address}`;

  const recent = (key: string, now: number): number[] => {
    const times = failures.get(key);
    if (!times) return [];
    const cutoff = now - settings.windowMs;
    while (times.length > 0 && times[0]! <= cutoff) times.shift();
    if (times.length === 0) failures.delete(key);
    return times;
  };

  const waitFor = (key: string, limit: number, now: number): number => {
    const times = recent(key, now);
    if (times.length >= limit) {
      // Allowed again once enough failures leave the window to fall below the limit.
      return times[times.length - limit]! + settings.windowMs - now;
    }
    return times.length + (inFlight.get(key) ?? 0) >= limit ? IN_FLIGHT_RETRY_MS : 0;
  };

  const addFailure = (key: string, limit: number, now: number) => {
    const times = recent(key, now);
    failures.delete(key);
    times.push(now);
    if (times.length > limit) times.splice(0, times.length - limit);
    failures.set(key, times);
    while (failures.size > settings.maxTrackedKeys) {
      const stalest = failures.keys().next().value;
      if (stalest === undefined) break;
      failures.delete(stalest);
    }
  };

  const changeInFlight = (key: string, delta: number) => {
    const next = (inFlight.get(key) ?? 0) + delta;
    if (next <= 0) inFlight.delete(key);
    else inFlight.set(key, next);
  };

  return Object.freeze({
    admit(username: string, address: string): AdmittedSignIn | RefusedSignIn {
      const user = usernameKey(username);
      const from = addressKey(address);
      const now = clock.now();
      const wait = Math.max(waitFor(user, settings.maxFailuresPerUsername, now), waitFor(from, settings.maxFailuresPerAddress, now));
      if (wait > 0) return { admitted: false, retryAfterMs: wait };
      changeInFlight(user, 1);
      changeInFlight(from, 1);
      let settled = false;
      const settle = (outcome: 'succeeded' | 'failed' | 'abandoned') => {
        if (settled) return;
        settled = true;
        changeInFlight(user, -1);
        changeInFlight(from, -1);
        if (outcome === 'failed') {
          const at = clock.now();
          addFailure(user, settings.maxFailuresPerUsername, at);
          addFailure(from, settings.maxFailuresPerAddress, at);
        } else if (outcome === 'succeeded') {
          failures.delete(user);
        }
      };
      return {
        admitted: true,
        succeeded: () => settle('succeeded'),
        failed: () => settle('failed'),
        abandoned: () => settle('abandoned'),
      };
    },
  });
}
