import type { Clock } from '../core/common/clock.js';

/** What to do after the core host crashed. */
export type RestartDecision =
  | { readonly action: 'restart'; readonly attempt: number; readonly delayMs: number }
  | { readonly action: 'give-up'; readonly crashes: number; readonly windowMs: number };

/** Decides whether a crashed core host is restarted or the shell gives up and asks the teacher. */
export interface RestartPolicy {
  /** Records a crash now and decides. */
  onCrash(): RestartDecision;
  /** Forgets past crashes (the teacher chose "Try again"). */
  reset(): void;
}

/** Limits of a `RestartPolicy`. */
export interface RestartPolicyOptions {
  readonly clock: Clock;
  /** At most this many restarts within `windowMs`; one more crash gives up. Default 3. */
  readonly maxRestarts?: number;
  /** The sliding window crashes are counted in. Default one minute. */
  readonly windowMs?: number;
  /** The first restart waits this long, each further one twice as long. Default 500 ms. */
  readonly baseDelayMs?: number;
}

/**
 * At most `maxRestarts` restarts in any `windowMs`, with a doubling delay between them. A host that
 * crashes on every start (a corrupt file, a full disk) would otherwise spin forever, hiding the
 * problem; one that crashed once last week should simply come back.
 */
export function createRestartPolicy(options: RestartPolicyOptions): RestartPolicy {
  const maxRestarts = options.maxRestarts ?? 3;
  const windowMs = options.windowMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 500;
  let crashes: number[] = [];
  return {
    onCrash() {
      const now = options.clock.now();
      crashes = [...crashes.filter((at) => now - at < windowMs), now];
      if (crashes.length > maxRestarts) return { action: 'give-up', crashes: crashes.length, windowMs };
      const attempt = crashes.length;
      return { action: 'restart', attempt, delayMs: baseDelayMs * 2 ** (attempt - 1) };
    },
    reset() {
      crashes = [];
    },
  };
}
