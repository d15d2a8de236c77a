/**
 * What the API client needs from whoever owns the session. Each sign-in starts a new epoch; a
 * request remembers the epoch it started in, so a late answer for a previous user is recognised
 * and dropped instead of reaching the next user's screen.
 */
export interface SessionGuard {
  /** The current session epoch. */
  currentEpoch(): number;
  /** Aborted when the epoch ends, so every request of the previous user stops at once. */
  epochSignal(): AbortSignal;
  /** A call of this epoch answered 401 NOT_AUTHENTICATED: the session is gone. */
  notAuthenticated(epoch: number): void;
}
