import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { createManualScheduler, scheduleRepeating } from './scheduler.js';

describe('createManualScheduler', () => {
  it('runs due tasks in time order at their own time, and never a cancelled one', () => {
    const clock = createManualClock(1_000);
    const scheduler = createManualScheduler(clock);
    const ran: [string, number][] = [];
    scheduler.schedule(300, () => ran.push(['late', clock.now()]));
    scheduler.schedule(100, () => ran.push(['early', clock.now()]));
    const cancel = scheduler.schedule(200, () => ran.push(['cancelled', clock.now()]));
    cancel();
    expect(scheduler.nextAt()).toBe(1_100);
    scheduler.advance(250);
    expect(ran).toEqual([['early', 1_100]]);
    expect(clock.now()).toBe(1_250);
    // A task scheduled by a task runs in the same advance when it falls due.
    scheduler.schedule(10, () => scheduler.schedule(10, () => ran.push(['chained', clock.now()])));
    scheduler.advance(100);
    expect(ran).toEqual([['early', 1_100], ['chained', 1_270], ['late', 1_300]]);
    expect(scheduler.pending()).toBe(0);
  });

  it('repeats a task once per interval until stopped, also when the task stops it', () => {
    const clock = createManualClock(0);
    const scheduler = createManualScheduler(clock);
    const ran: number[] = [];
    const stop = scheduleRepeating(scheduler, 100, () => ran.push(clock.now()));
    scheduler.advance(350);
    expect(ran).toEqual([100, 200, 300]);
    stop();
    expect(scheduler.pending()).toBe(0);
    scheduler.advance(1_000);
    expect(ran).toEqual([100, 200, 300]);

    const selfStopping: number[] = [];
    const stopSelf = scheduleRepeating(scheduler, 10, () => {
      selfStopping.push(clock.now());
      if (selfStopping.length === 2) stopSelf();
    });
    scheduler.advance(100);
    expect(selfStopping).toEqual([1_360, 1_370]);
    expect(scheduler.pending()).toBe(0);
  });
});
