import { SYNC_PROGRESS_EVENT, type SyncProgressEvent } from '../../../core/contract/sync.js';

export { SYNC_PROGRESS_EVENT };

/** Where a running sync stands, as the progress bar shows it. */
export interface SyncProgressView {
  readonly direction: 'push' | 'pull';
  readonly stage: string;
  /** 0–100 once the sender has counted what it sends; null before (an indeterminate bar). */
  readonly percent: number | null;
  readonly recordsDone: number;
  readonly recordsTotal: number | null;
}

/** Reads a `sync-progress` event's data; anything malformed is ignored (the bar just does not move). */
export function parseSyncProgress(data: unknown): SyncProgressView | null {
  if (typeof data !== 'string') return null;
  let parsed: Partial<SyncProgressEvent> | null;
  try {
    parsed = JSON.parse(data) as Partial<SyncProgressEvent> | null;
  } catch {
    return null;
  }
  if (!parsed || (parsed.direction !== 'push' && parsed.direction !== 'pull') || typeof parsed.stage !== 'string') return null;
  const done = typeof parsed.recordsDone === 'number' && parsed.recordsDone >= 0 ? parsed.recordsDone : 0;
  const total = typeof parsed.recordsTotal === 'number' && parsed.recordsTotal >= 0 ? parsed.recordsTotal : null;
  // Nothing to send is a finished transfer, not a division by zero.
  const percent = total === null ? null : total === 0 ? 100 : Math.min(100, Math.round((done / total) * 100));
  return { direction: parsed.direction, stage: parsed.stage, percent, recordsDone: done, recordsTotal: total };
}
