import { describe, expect, it } from 'vitest';
import { parseSyncProgress } from './sync-progress.js';

describe('sync progress', () => {
  it('turns records done of total into a whole percentage, capped at 100', () => {
    const event = (recordsDone: number, recordsTotal: number | null) =>
      JSON.stringify({ peerId: 'p', direction: 'push', stage: 'TRANSFERRING', status: 'STARTED', recordsDone, recordsTotal });
    expect(parseSyncProgress(event(250, 1000))).toEqual({ direction: 'push', stage: 'TRANSFERRING', percent: 25, recordsDone: 250, recordsTotal: 1000 });
    expect(parseSyncProgress(event(1, 3))?.percent).toBe(33);
    expect(parseSyncProgress(event(1200, 1000))?.percent).toBe(100);
    expect(parseSyncProgress(event(0, 0))?.percent).toBe(100);
    expect(parseSyncProgress(event(10, null))?.percent).toBeNull();
  });

  it('ignores what is not a progress event', () => {
    expect(parseSyncProgress('not json')).toBeNull();
    expect(parseSyncProgress(JSON.stringify({ direction: 'sideways', stage: 'X' }))).toBeNull();
    expect(parseSyncProgress(JSON.stringify(null))).toBeNull();
    expect(parseSyncProgress(undefined)).toBeNull();
  });
});
