import type { UserDto } from '../../../core/contract/users.js';
import type { SessionEventHandlers, SessionEventStream } from '../api/session-events.js';
import type { SessionGuard } from '../api/session-guard.js';
import { initialSessionState, sessionReducer, type SessionAction, type SessionState } from './session-state.js';

/** Timer functions, injected so tests drive time instead of sleeping. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the sign-in session is built from. */
export interface SignInSessionOptions {
  /** Opens the session event stream of the current cookie. */
  readonly openEvents: (handlers: SessionEventHandlers) => SessionEventStream;
  readonly timers: Timers;
  /**
   * How long a 401 waits for the stream's `session-ended` event, which carries the reason. The server
   * sends it within a second of ending the session; the view meanwhile stays exactly as it was.
   */
  readonly graceMs?: number;
  /** Delay before reopening a stream that was lost while the session is still valid. */
  readonly reconnectMs?: number;
}

/**
 * Owns the session on the client: the state every view renders from, the epoch guard of the API
 * client, and the event stream. Every way a session ends (a 401 from any call, the stream's
 * `session-ended` event, signing out) funnels into one reducer, so the sign-in page appears once.
 * (Named apart from the sync engine's `SessionController`, which drives a sync session between devices.)
 */
export interface SignInSession extends SessionGuard {
  getState(): SessionState;
  /** For `useSyncExternalStore`. */
  subscribe(listener: () => void): () => void;
  /** The start-up check answered: the user of the cookie, or null. */
  restored(user: UserDto | null): void;
  signedIn(user: UserDto): void;
  /** This window signed out (after `POST /api/auth/signout` answered). */
  signedOut(epoch: number): void;
  dismissNotice(): void;
  /** A user record changed; if it is the signed-in person's, the header shows the new name. */
  userUpdated(user: UserDto): void;
  /**
   * Sets how a lost stream is checked (`GET /api/auth/session` through the API client, whose 401
   * comes back here). Set once at start-up; the API client is built after the sign-in session.
   */
  setVerifier(verify: () => Promise<unknown>): void;
}

/** Creates the sign-in session. */
export function createSignInSession(options: SignInSessionOptions): SignInSession {
  const graceMs = options.graceMs ?? 1000;
  const reconnectMs = options.reconnectMs ?? 3000;
  const { timers } = options;
  const listeners = new Set<() => void>();
  let state: SessionState = initialSessionState;
  let epochAbort = new AbortController();
  let stream: SessionEventStream | undefined;
  let graceTimer: unknown;
  let reconnectTimer: unknown;
  let verify: (() => Promise<unknown>) | undefined;

  function clearTimers(): void {
    if (graceTimer !== undefined) timers.clearTimeout(graceTimer);
    if (reconnectTimer !== undefined) timers.clearTimeout(reconnectTimer);
    graceTimer = undefined;
    reconnectTimer = undefined;
  }

  function openStream(epoch: number): void {
    stream = options.openEvents({
      onEnded: (reason) => dispatch({ type: 'session-ended', epoch, reason }),
      onLost: () => {
        stream = undefined;
        if (state.epoch !== epoch) return;
        // The stream may have been cut by a server restart, or refused because the session is gone.
        // Ask once: a 401 comes back through the API client as `notAuthenticated`.
        void verify?.().then(
          () => scheduleReconnect(epoch),
          () => scheduleReconnect(epoch),
        );
      },
    });
  }

  function scheduleReconnect(epoch: number): void {
    if (state.epoch !== epoch || state.status !== 'signed-in' || reconnectTimer !== undefined) return;
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined;
      if (state.epoch === epoch && state.status === 'signed-in' && stream === undefined) openStream(epoch);
    }, reconnectMs);
  }

  function dispatch(action: SessionAction): void {
    const previous = state;
    const next = sessionReducer(previous, action);
    if (next === previous) return;
    state = next;
    if (next.epoch !== previous.epoch) {
      // A new epoch: nothing of the previous user's may keep running or arrive later.
      epochAbort.abort();
      epochAbort = new AbortController();
      stream?.close();
      stream = undefined;
      clearTimers();
      if (next.status === 'signed-in') openStream(next.epoch);
    }
    for (const listener of [...listeners]) listener();
  }

  return Object.freeze({
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    currentEpoch: () => state.epoch,
    epochSignal: () => epochAbort.signal,
    notAuthenticated(epoch: number) {
      if (state.status !== 'signed-in' || state.epoch !== epoch || state.ending) return;
      if (stream?.isLive()) {
        // The stream is about to say why; wait for it briefly rather than show a vaguer notice.
        dispatch({ type: 'not-authenticated', epoch });
        graceTimer = timers.setTimeout(() => {
          graceTimer = undefined;
          dispatch({ type: 'grace-expired', epoch });
        }, graceMs);
      } else {
        dispatch({ type: 'session-ended', epoch, reason: 'unknown' });
      }
    },
    restored: (user: UserDto | null) => dispatch({ type: 'restored', user }),
    signedIn: (user: UserDto) => dispatch({ type: 'signed-in', user }),
    signedOut: (epoch: number) => dispatch({ type: 'session-ended', epoch, reason: 'signed-out' }),
    dismissNotice: () => dispatch({ type: 'notice-dismissed' }),
    userUpdated: (user: UserDto) => dispatch({ type: 'user-updated', user }),
    setVerifier(verifier: () => Promise<unknown>) {
      verify = verifier;
    },
  });
}
