import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/logger.js';
import { createManualScheduler } from '../common/scheduler.js';
import type { SessionsEnded } from './session-end-reason.js';
import { PURGE_BATCH } from './session-manager.js';
import { startSessionPurge } from './session-purge.js';
import { openSessionFixture, type SessionFixture } from './test-support/session-fixture.js';

describe('session purge timer', () => {
  let fixture: SessionFixture;
  let stop: (() => void) | undefined;
  afterEach(async () => {
    stop?.();
    await fixture?.dispose();
  });

  it('deletes expired sessions on its interval, reporting them as expired, a backlog bigger than one batch included', async () => {
    fixture = await openSessionFixture();
    const { manager, clock, db } = fixture;
    const scheduler = createManualScheduler(clock);
    const ended: SessionsEnded[] = [];
    manager.onDidEndSessions((event) => ended.push(event));
    db.writeTransaction(() => {
      for (let n = 0; n < PURGE_BATCH + 500; n += 1) manager.create({ userId: `u${n}` });
    });
    clock.advance(19 * 60_000);
    const live = manager.create({ userId: 'live' });
    clock.advance(60_000);

    stop = startSessionPurge(manager, { intervalMs: 20, scheduler, logger: silentLogger });
    // Nothing happens before the first interval is up.
    scheduler.advance(19);
    expect(fixture.store.count()).toBe(PURGE_BATCH + 501);
    // Then one full batch, and the rest as a task of its own right after it.
    scheduler.advance(1);
    expect(fixture.store.count()).toBe(1);
    expect(manager.validate(live.key)).toBeDefined();
    expect(ended.map((event) => event.sessionIds.length)).toEqual([PURGE_BATCH, 500]);
    expect(ended.every((event) => event.reason === 'expired')).toBe(true);
    // Only the next interval is waiting: the backlog is done.
    expect(scheduler.pending()).toBe(1);
  });

  it('stops when disposed', async () => {
    fixture = await openSessionFixture();
    const { manager, clock } = fixture;
    const scheduler = createManualScheduler(clock);
    stop = startSessionPurge(manager, { intervalMs: 10, scheduler, logger: silentLogger });
    stop();
    expect(scheduler.pending()).toBe(0);
    manager.create({ userId: 'u1' });
    clock.advance(21 * 60_000);
    scheduler.advance(60_000);
    expect(fixture.store.count()).toBe(1);
  });
});
