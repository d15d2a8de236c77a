import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/logger.js';
import type { SessionsEnded } from './session-end-reason.js';
import { PURGE_BATCH } from './session-manager.js';
import { startSessionPurge } from './session-purge.js';
import { openSessionFixture, type SessionFixture } from './test-support/session-fixture.js';

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

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
    const ended: SessionsEnded[] = [];
    manager.onDidEndSessions((event) => ended.push(event));
    db.writeTransaction(() => {
      for (let n = 0; n < PURGE_BATCH + 500; n += 1) manager.create({ userId: `u${n}` });
    });
    clock.advance(19 * 60_000);
    const live = manager.create({ userId: 'live' });
    clock.advance(60_000);

    stop = startSessionPurge(manager, { intervalMs: 20, logger: silentLogger });
    await waitUntil(() => fixture.store.count() === 1);
    expect(manager.validate(live.key)).toBeDefined();
    expect(ended.every((event) => event.reason === 'expired')).toBe(true);
    expect(ended.reduce((sum, event) => sum + event.sessionIds.length, 0)).toBe(PURGE_BATCH + 500);
  });

  it('stops when disposed', async () => {
    fixture = await openSessionFixture();
    const { manager, clock } = fixture;
    stop = startSessionPurge(manager, { intervalMs: 10, logger: silentLogger });
    stop();
    manager.create({ userId: 'u1' });
    clock.advance(21 * 60_000);
    await sleep(60);
    expect(fixture.store.count()).toBe(1);
  });
});
