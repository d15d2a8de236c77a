import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';

/** Limits on failed sign-ins. */
export interface SignInThrottleSettings {
  /** Failures for one username (any address) within the window before it is refused. */
  readonly maxFailuresPerUsername: number;
  /**
   * Failures from one address (any username) within the window before it is refused. Attempts
   * still being checked from the address count against it too, which caps a parallel burst.
   */
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
  /** Most usernames and addresses remembered at once; the stalest are forgotten first. */
  readonly maxTrackedKeys: number;
}

/** Five wrong passwords per username and a hundred per address in five minutes. */
export const defaultSignInThrottleSettings: SignInThrottleSettings = Object.freeze({
  maxFailuresPerUsername: 5,
  // Much higher: a shared classroom computer, or a reverse proxy nobody named as trusted, sends
  // every learner's sign-ins and typos from one address; a guesser is still slowed to 100 tries
  // per window there, and each account to 5.
  maxFailuresPerAddress: 100,
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

/**
 * Why an attempt was refused: too many real failures for the username or from the address, or
 * (with fewer failures) too many attempts for it or from it still being checked at once.
 */
export type SignInRefusalReason = 'username-failures' | 'address-failures' | 'username-busy' | 'address-busy';

/** An attempt the throttle refused. */
export interface RefusedSignIn {
  readonly admitted: false;
  readonly reason: SignInRefusalReason;
  /** Milliseconds until an attempt may succeed being admitted. */
  readonly retryAfterMs: number;
}

function waitText(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds <= 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
}

/** A message for a refused attempt that says what actually happened (`what` names the attempt: "sign-ins"). */
export function refusalMessage(refused: RefusedSignIn, what = 'sign-ins'): string {
  const wait = `Wait ${waitText(refused.retryAfterMs)} and try again.`;
  switch (refused.reason) {
    case 'username-failures':
      return `Too many failed ${what} for this username. ${wait}`;
    case 'address-failures':
      return `Too many failed ${what} from this device's network address. ${wait}`;
    case 'username-busy':
      return `Other ${what} for this username are still being checked. ${wait}`;
    case 'address-busy':
      return `Too many ${what} from this network address are being checked at once. ${wait}`;
  }
}

/** Counts failed sign-ins per username and per address in a sliding window. */
export interface SignInThrottle {
  /**
   * Admits or refuses an attempt for `username` from `address`. Only settled failures count as
   * failures. Attempts still being checked fill the same quota while they run, so a parallel burst
   * cannot slip past a limit before its first failure is counted; a refusal for that reason says so.
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

  const check = (key: string, limit: number, failed: SignInRefusalReason, busy: SignInRefusalReason, now: number): RefusedSignIn | undefined => {
    const times = recent(key, now);
    if (times.length >= limit) {
      // Allowed again once enough failures leave the window to fall below the limit.
      return { admitted: false, reason: failed, retryAfterMs: times[times.length - limit]! + settings.windowMs - now };
    }
    if (times.length + (inFlight.get(key) ?? 0) >= limit) return { admitted: false, reason: busy, retryAfterMs: IN_FLIGHT_RETRY_MS };
    return undefined;
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
      const refused =
        check(user, settings.maxFailuresPerUsername, 'username-failures', 'username-busy', now) ??
        check(from, settings.maxFailuresPerAddress, 'address-failures', 'address-busy', now);
      if (refused) return refused;
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
