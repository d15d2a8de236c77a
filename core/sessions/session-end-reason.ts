/** Why a session ended. Mirrors the contract's `SessionEndReason` (core/sessions may not import it). */
export type SessionEndReason = 'user-deleted' | 'facility-deleted' | 'signed-out' | 'signed-out-elsewhere' | 'expired';

/** What `onDidEndSessions` reports: the sessions that ended together, their users, and why. */
export interface SessionsEnded {
  readonly sessionIds: readonly string[];
  /** Each user whose session(s) ended, once. */
  readonly userIds: readonly string[];
  readonly reason: SessionEndReason;
}
