import { describe, expect, it } from 'vitest';
import type { UserDto } from '../../../core/contract/users.js';
import type { SessionEventHandlers } from '../api/session-events.js';
import { createSignInSession, type Timers } from './sign-in-session.js';

const user: UserDto = {
  id: 'u1',
  facilityId: 'f1',
  username: 'ada',
  fullName: 'Ada',
  kind: 'learner',
  isSuperuser: false,
  birthYear: null,
  gender: null,
  idNumber: null,
  dateDeleted: null,
};

/** Timers the test fires by hand: no sleeping. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, () => void>();
  const timers: Timers = {
    setTimeout(callback, _ms) { // the injected fake: the test fires timers by hand
      const id = next++;
      pending.set(id, callback);
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pendingCount: () => pending.size,
    fireAll() {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const callback of callbacks) callback();
    },
  };
}

/** Event streams the test controls. */
function fakeStreams() {
  const opened: { handlers: SessionEventHandlers; live: boolean; closed: boolean }[] = [];
  return {
    opened,
    open(handlers: SessionEventHandlers) {
      const entry = { handlers, live: true, closed: false };
      opened.push(entry);
      return {
        isLive: () => entry.live && !entry.closed,
        close: () => void (entry.closed = true),
      };
    },
  };
}

function setup() {
  const time = manualTimers();
  const streams = fakeStreams();
  const controller = createSignInSession({ openEvents: (handlers) => streams.open(handlers), timers: time.timers });
  let renders = 0;
  controller.subscribe(() => renders++);
  return { controller, time, streams, renders: () => renders };
}

describe('sign-in session', () => {
  it('opens the event stream on sign-in and closes it when the session ends', () => {
    const { controller, streams } = setup();
    controller.restored(user);
    expect(streams.opened).toHaveLength(1);
    streams.opened[0]!.handlers.onEnded('user-deleted');
    expect(controller.getState()).toEqual({ status: 'anonymous', epoch: 2, notice: 'user-deleted' });
    expect(streams.opened[0]!.closed).toBe(true);
  });

  it('aborts everything of the previous epoch when the session ends', () => {
    const { controller, streams } = setup();
    controller.restored(user);
    const signal = controller.epochSignal();
    expect(signal.aborted).toBe(false);
    streams.opened[0]!.handlers.onEnded('user-deleted');
    expect(signal.aborted).toBe(true);
    expect(controller.epochSignal().aborted).toBe(false);
  });

  it('a 401 while the stream is live waits for the event’s reason, then transitions once', () => {
    const { controller, streams, time, renders } = setup();
    controller.restored(user);
    const before = renders();
    controller.notAuthenticated(1);
    controller.notAuthenticated(1);
    expect(controller.getState()).toMatchObject({ status: 'signed-in', ending: true });
    expect(time.pendingCount()).toBe(1);
    streams.opened[0]!.handlers.onEnded('user-deleted');
    expect(controller.getState()).toEqual({ status: 'anonymous', epoch: 2, notice: 'user-deleted' });
    // The grace timer was cleared with the epoch; nothing fires later.
    expect(time.pendingCount()).toBe(0);
    // One render for "ending" (the UI is unchanged by it) and one for the sign-in page.
    expect(renders() - before).toBe(2);
  });

  it('a 401 with no event in the grace period still ends the session, with a general notice', () => {
    const { controller, time } = setup();
    controller.restored(user);
    controller.notAuthenticated(1);
    time.fireAll();
    expect(controller.getState()).toEqual({ status: 'anonymous', epoch: 2, notice: 'unknown' });
  });

  it('a 401 when the stream is not connected ends the session at once', () => {
    const { controller, streams } = setup();
    controller.restored(user);
    streams.opened[0]!.live = false;
    controller.notAuthenticated(1);
    expect(controller.getState()).toEqual({ status: 'anonymous', epoch: 2, notice: 'unknown' });
  });

  it('an event after a 401-driven end, and 401s after the event, change nothing', () => {
    const { controller, streams } = setup();
    controller.restored(user);
    streams.opened[0]!.handlers.onEnded('facility-deleted');
    const state = controller.getState();
    controller.notAuthenticated(1);
    streams.opened[0]!.handlers.onEnded('expired');
    expect(controller.getState()).toBe(state);
  });

  it('a lost stream is checked; if the session is still valid the stream is reopened', async () => {
    const { controller, streams, time } = setup();
    let verifications = 0;
    controller.setVerifier(async () => void verifications++);
    controller.restored(user);
    streams.opened[0]!.handlers.onLost();
    await Promise.resolve();
    await Promise.resolve();
    expect(verifications).toBe(1);
    time.fireAll();
    expect(streams.opened).toHaveLength(2);
  });

  it('signing out and signing in again starts a fresh epoch with its own stream', () => {
    const { controller, streams } = setup();
    controller.restored(user);
    controller.signedOut(1);
    expect(controller.getState()).toMatchObject({ status: 'anonymous', notice: 'signed-out' });
    controller.signedIn(user);
    expect(controller.getState()).toMatchObject({ status: 'signed-in', epoch: 3 });
    expect(streams.opened).toHaveLength(2);
    // The old stream's late event is for epoch 1 and is ignored.
    streams.opened[0]!.handlers.onEnded('user-deleted');
    expect(controller.getState()).toMatchObject({ status: 'signed-in', epoch: 3 });
  });
});
