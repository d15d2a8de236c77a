import { describe, expect, it } from 'vitest';
import { checkPeerSchedule, formatPeerSchedule, nextScheduledSync, parsePeerSchedule } from './peer-schedule.js';

describe('peer schedules', () => {
  it('plans every N minutes, daily at a local time, and never for manual', () => {
    const at = Date.UTC(2026, 0, 1, 15, 0);
    expect(nextScheduledSync({ kind: 'every', minutes: 30 }, at, 0)).toBe(at + 30 * 60_000);
    expect(nextScheduledSync({ kind: 'daily', at: '16:00' }, at, 0)).toBe(Date.UTC(2026, 0, 1, 16, 0));
    // Past today's time: tomorrow. One hour east of UTC: 16:00 local is 15:00 UTC.
    expect(nextScheduledSync({ kind: 'daily', at: '16:00' }, Date.UTC(2026, 0, 1, 16, 0), 0)).toBe(Date.UTC(2026, 0, 2, 16, 0));
    expect(nextScheduledSync({ kind: 'daily', at: '16:00' }, at, 60)).toBe(Date.UTC(2026, 0, 2, 15, 0));
    expect(nextScheduledSync({ kind: 'daily', at: '16:00' }, Date.UTC(2026, 0, 1, 14, 0), 60)).toBe(Date.UTC(2026, 0, 1, 15, 0));
    expect(nextScheduledSync({ kind: 'manual' }, at, 0)).toBeNull();
  });

  it('stores, reads back and refuses schedules', () => {
    for (const schedule of [{ kind: 'manual' }, { kind: 'every', minutes: 30 }, { kind: 'daily', at: '07:05' }] as const) {
      expect(parsePeerSchedule(formatPeerSchedule(schedule))).toEqual(schedule);
    }
    expect(parsePeerSchedule('every:nonsense')).toEqual({ kind: 'manual' });
    expect(() => checkPeerSchedule({ kind: 'every', minutes: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => checkPeerSchedule({ kind: 'daily', at: '24:00' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
