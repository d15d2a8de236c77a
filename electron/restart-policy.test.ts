import { describe, expect, it } from 'vitest';
import { createRestartPolicy } from './restart-policy.js';
import { createManualClock } from '../core/common/clock.js';
import { createManualScheduler } from '../core/common/scheduler.js';

describe('the restart policy', () => {
  it('restarts a crashed host, waiting twice as long each time', () => {
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const policy = createRestartPolicy({ clock, maxRestarts: 3, windowMs: 60_000, baseDelayMs: 500 });
    expect(policy.onCrash()).toEqual({ action: 'restart', attempt: 1, delayMs: 500 });
    time.advance(1_000);
    expect(policy.onCrash()).toEqual({ action: 'restart', attempt: 2, delayMs: 1_000 });
    time.advance(1_000);
    expect(policy.onCrash()).toEqual({ action: 'restart', attempt: 3, delayMs: 2_000 });
  });

  it('gives up at the crash after the last allowed restart within the window', () => {
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const policy = createRestartPolicy({ clock, maxRestarts: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i++) {
      expect(policy.onCrash().action).toBe('restart');
      time.advance(10_000);
    }
    expect(policy.onCrash()).toEqual({ action: 'give-up', crashes: 4, windowMs: 60_000 });
  });

  it('forgets crashes older than the window, so an occasional crash always comes back', () => {
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const policy = createRestartPolicy({ clock, maxRestarts: 3, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) {
      expect(policy.onCrash()).toMatchObject({ action: 'restart', attempt: 1 });
      time.advance(60_000);
    }
  });

  it('counts crashes in a sliding window, not in fixed minutes', () => {
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const policy = createRestartPolicy({ clock, maxRestarts: 2, windowMs: 60_000 });
    policy.onCrash(); // t=0
    time.advance(50_000);
    policy.onCrash(); // t=50s
    time.advance(20_000); // t=70s: the first crash has left the window
    expect(policy.onCrash()).toMatchObject({ action: 'restart', attempt: 2 });
    time.advance(5_000);
    expect(policy.onCrash()).toMatchObject({ action: 'give-up', crashes: 3 });
  });

  it('starts afresh after reset (the teacher chose Try Again)', () => {
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const policy = createRestartPolicy({ clock, maxRestarts: 1 });
    policy.onCrash();
    expect(policy.onCrash().action).toBe('give-up');
    policy.reset();
    expect(policy.onCrash()).toMatchObject({ action: 'restart', attempt: 1 });
  });

  it('uses three restarts a minute and half a second by default', () => {
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const policy = createRestartPolicy({ clock });
    expect(policy.onCrash()).toEqual({ action: 'restart', attempt: 1, delayMs: 500 });
    policy.onCrash();
    policy.onCrash();
    expect(policy.onCrash()).toEqual({ action: 'give-up', crashes: 4, windowMs: 60_000 });
  });
});
