import type { SessionEndReason } from '../../../core/contract/auth.js';
import type { UserDto } from '../../../core/contract/users.js';

/** Why the sign-in page shows a notice: a reason from the server, or `unknown` when none arrived. */
export type SignOutNotice = SessionEndReason | 'unknown';

/**
 * The session as the UI sees it. `epoch` grows with every change of user, so anything tagged with
 * an older epoch (a request, a timer, an event stream) can be recognised as stale.
 */
export type SessionState =
  | { readonly status: 'checking'; readonly epoch: number }
  | { readonly status: 'anonymous'; readonly epoch: number; readonly notice: SignOutNotice | null }
  | {
      readonly status: 'signed-in';
      readonly epoch: number;
      readonly user: UserDto;
      /** A call answered 401 and the reason is awaited from the event stream; the UI stays as it is. */
      readonly ending: boolean;
    };

/** Everything that can happen to the session. */
export type SessionAction =
  | { readonly type: 'restored'; readonly user: UserDto | null }
  | { readonly type: 'signed-in'; readonly user: UserDto }
  | { readonly type: 'not-authenticated'; readonly epoch: number }
  | { readonly type: 'session-ended'; readonly epoch: number; readonly reason: SignOutNotice }
  | { readonly type: 'grace-expired'; readonly epoch: number }
  | { readonly type: 'notice-dismissed' }
  | { readonly type: 'user-updated'; readonly user: UserDto };

/** The state before the start-up check has answered. */
export const initialSessionState: SessionState = Object.freeze({ status: 'checking', epoch: 0 });

/**
 * The session reducer. A session can end once: every ending for an epoch that is not the current
 * signed-in one is ignored and returns the same object, so a 401 and a `session-ended` event racing
 * each other cause exactly one transition to the sign-in page.
 */
export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'restored':
      if (state.status !== 'checking') return state;
      return action.user
        ? { status: 'signed-in', epoch: state.epoch + 1, user: action.user, ending: false }
        : { status: 'anonymous', epoch: state.epoch + 1, notice: null };
    case 'signed-in':
      if (state.status === 'signed-in') return state;
      return { status: 'signed-in', epoch: state.epoch + 1, user: action.user, ending: false };
    case 'not-authenticated':
      if (state.status !== 'signed-in' || state.epoch !== action.epoch || state.ending) return state;
      return { ...state, ending: true };
    case 'session-ended':
      if (state.status !== 'signed-in' || state.epoch !== action.epoch) return state;
      return { status: 'anonymous', epoch: state.epoch + 1, notice: action.reason };
    case 'grace-expired':
      if (state.status !== 'signed-in' || state.epoch !== action.epoch || !state.ending) return state;
      return { status: 'anonymous', epoch: state.epoch + 1, notice: 'unknown' };
    case 'notice-dismissed':
      if (state.status !== 'anonymous' || state.notice === null) return state;
      return { ...state, notice: null };
    case 'user-updated':
      // Only the signed-in person's own record; the epoch stays, it is the same session.
      if (state.status !== 'signed-in' || state.user.id !== action.user.id) return state;
      return { ...state, user: action.user };
  }
}
