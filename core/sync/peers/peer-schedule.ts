import { CoreError } from '../../common/core-error.js';

/** When a full device syncs with a peer by itself: never (an admin presses "sync now"), every N minutes, or daily at a local time. */
export type PeerSchedule =
  | { readonly kind: 'manual' }
  | { readonly kind: 'every'; readonly minutes: number }
  | { readonly kind: 'daily'; readonly at: string };

const DAILY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The schedule as stored in `sync_peer.schedule`: `manual`, `every:30`, `daily:16:00`. */
export function formatPeerSchedule(schedule: PeerSchedule): string {
  if (schedule.kind === 'manual') return 'manual';
  return schedule.kind === 'every' ? `every:${schedule.minutes}` : `daily:${schedule.at}`;
}

/** Checks a schedule: every 5 minutes to 7 days, or a daily `HH:MM`; INVALID_INPUT otherwise. */
export function checkPeerSchedule(schedule: PeerSchedule): PeerSchedule {
  if (schedule.kind === 'manual') return Object.freeze({ kind: 'manual' });
  if (schedule.kind === 'every') {
    if (!Number.isInteger(schedule.minutes) || schedule.minutes < 5 || schedule.minutes > 7 * 24 * 60) {
      throw new CoreError('INVALID_INPUT', 'A sync every so many minutes must be every 5 minutes to every 7 days.', [{ path: 'schedule.minutes', message: 'A whole number from 5 to 10080' }]);
    }
    return Object.freeze({ kind: 'every', minutes: schedule.minutes });
  }
  if (schedule.kind === 'daily' && typeof schedule.at === 'string' && DAILY.test(schedule.at)) return Object.freeze({ kind: 'daily', at: schedule.at });
  throw new CoreError('INVALID_INPUT', 'A daily sync needs a time such as 16:00.', [{ path: 'schedule.at', message: 'A time as HH:MM' }]);
}

/** Reads a stored schedule; anything unreadable is `manual`, so a bad row never syncs on its own. */
export function parsePeerSchedule(text: string): PeerSchedule {
  try {
    if (text.startsWith('every:')) return checkPeerSchedule({ kind: 'every', minutes: Number(text.slice(6)) });
    if (text.startsWith('daily:')) return checkPeerSchedule({ kind: 'daily', at: text.slice(6) });
  } catch {
    // Fall through to manual.
  }
  return Object.freeze({ kind: 'manual' });
}

/**
 * The next time a scheduled sync is due after `from` (ms), or null for `manual`. A daily time is
 * the device's local time (`offsetMinutes` east of UTC, injected so tests do not depend on the machine).
 */
export function nextScheduledSync(schedule: PeerSchedule, from: number, offsetMinutes: number): number | null {
  if (schedule.kind === 'manual') return null;
  if (schedule.kind === 'every') return from + schedule.minutes * 60_000;
  const [hours, minutes] = schedule.at.split(':').map(Number) as [number, number];
  const offsetMs = offsetMinutes * 60_000;
  const dayMs = 24 * 60 * 60_000;
  const localMidnight = Math.floor((from + offsetMs) / dayMs) * dayMs - offsetMs;
  let next = localMidnight + (hours * 60 + minutes) * 60_000;
  if (next <= from) next += dayMs;
  return next;
}
