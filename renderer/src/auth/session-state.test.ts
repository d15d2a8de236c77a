import { describe, expect, it } from 'vitest';
import type { UserDto } from '../../../core/contract/users.js';
import { initialSessionState, sessionReducer, type SessionAction, type SessionState } from './session-state.js';

const learner: UserDto = {
  id: 'u1',
  facilityId: 'f1',
  username: 'ada',
  fullName: 'Ada L',
  kind: 'learner',
  isSuperuser: false,
  birthYear: null,
  gender: null,
  idNumber: null,
  dateDeleted: null,
};

const run = (actions: SessionAction[], from: SessionState = initialSessionState) => actions.reduce(sessionReducer, from);
const signedIn = run([{ type: 'restored', user: learner }]);

describe('session reducer', () => {
  it('starts checking, then is signed in or anonymous', () => {
    expect(signedIn).toMatchObject({ status: 'signed-in', epoch: 1, user: learner, ending: false });
    expect(run([{ type: 'restored', user: null }])).toEqual({ status: 'anonymous', epoch: 1, notice: null });
  });

  it('goes to the sign-in page with the reason when the session-ended event arrives', () => {
    expect(sessionReducer(signedIn, { type: 'session-ended', epoch: 1, reason: 'user-deleted' })).toEqual({
      status: 'anonymous',
      epoch: 2,
      notice: 'user-deleted',
    });
  });

  it('a 401 first waits for the event, which then supplies the reason: one transition', () => {
    const waiting = sessionReducer(signedIn, { type: 'not-authenticated', epoch: 1 });
    expect(waiting).toMatchObject({ status: 'signed-in', ending: true, epoch: 1 });
    // More 401s while waiting change nothing (same object: no re-render).
    expect(sessionReducer(waiting, { type: 'not-authenticated', epoch: 1 })).toBe(waiting);
    const ended = sessionReducer(waiting, { type: 'session-ended', epoch: 1, reason: 'user-deleted' });
    expect(ended).toEqual({ status: 'anonymous', epoch: 2, notice: 'user-deleted' });
    // The grace timer firing afterwards is a no-op.
    expect(sessionReducer(ended, { type: 'grace-expired', epoch: 1 })).toBe(ended);
  });

  it('the event first, then late 401s of in-flight requests: ignored', () => {
    const ended = sessionReducer(signedIn, { type: 'session-ended', epoch: 1, reason: 'facility-deleted' });
    expect(sessionReducer(ended, { type: 'not-authenticated', epoch: 1 })).toBe(ended);
    expect(sessionReducer(ended, { type: 'session-ended', epoch: 1, reason: 'expired' })).toBe(ended);
  });

  it('without an event the grace period ends with a general notice', () => {
    const waiting = sessionReducer(signedIn, { type: 'not-authenticated', epoch: 1 });
    expect(sessionReducer(waiting, { type: 'grace-expired', epoch: 1 })).toEqual({ status: 'anonymous', epoch: 2, notice: 'unknown' });
    // A grace timer that was never started (no 401) does nothing.
    expect(sessionReducer(signedIn, { type: 'grace-expired', epoch: 1 })).toBe(signedIn);
  });

  it('endings from a previous session never end the next one', () => {
    const ended = sessionReducer(signedIn, { type: 'session-ended', epoch: 1, reason: 'signed-out' });
    const next = sessionReducer(ended, { type: 'signed-in', user: { ...learner, id: 'u2' } });
    expect(next).toMatchObject({ status: 'signed-in', epoch: 3 });
    expect(sessionReducer(next, { type: 'not-authenticated', epoch: 1 })).toBe(next);
    expect(sessionReducer(next, { type: 'session-ended', epoch: 2, reason: 'user-deleted' })).toBe(next);
  });

  it('signing in clears the notice; dismissing it keeps the person anonymous', () => {
    const ended = sessionReducer(signedIn, { type: 'session-ended', epoch: 1, reason: 'expired' });
    expect(sessionReducer(ended, { type: 'notice-dismissed' })).toEqual({ status: 'anonymous', epoch: 2, notice: null });
    expect(sessionReducer(ended, { type: 'signed-in', user: learner })).toMatchObject({ status: 'signed-in', ending: false });
  });

  it('an edit of the signed-in person updates them; an edit of someone else does not', () => {
    const renamed = sessionReducer(signedIn, { type: 'user-updated', user: { ...learner, fullName: 'Ada Lovelace' } });
    expect(renamed).toMatchObject({ status: 'signed-in', epoch: 1, user: { fullName: 'Ada Lovelace' } });
    expect(sessionReducer(signedIn, { type: 'user-updated', user: { ...learner, id: 'u9' } })).toBe(signedIn);
  });

  it('a late start-up answer does not override a sign-in', () => {
    expect(sessionReducer(signedIn, { type: 'restored', user: null })).toBe(signedIn);
  });
});
