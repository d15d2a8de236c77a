import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { cryptoRandomSource } from '../common/random-source.js';
import type { SessionsEnded } from './session-end-reason.js';
import { hashSessionKey as hashOf } from './session-key.js';
import { createSessionManager, defaultSessionSettings } from './session-manager.js';
import { openSessionFixture, type SessionFixture } from './test-support/session-fixture.js';

const MINUTE = 60_000;

describe('session manager', () => {
  let fixture: SessionFixture;
  afterEach(() => fixture?.dispose());

  function recordEnded(): SessionsEnded[] {
    const events: SessionsEnded[] = [];
    fixture.manager.onDidEndSessions((event) => events.push(event));
    return events;
  }

  it('creates a session with a new key each time and validates it', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    const first = manager.create({ userId: 'u1', userAgent: 'Firefox', address: '10.0.0.5' });
    const second = manager.create({ userId: 'u1' });
    expect(first.key).not.toBe(second.key);
    expect(first.session.id).not.toBe(second.session.id);
    expect(manager.validate(first.key)).toEqual({ session: first.session, extended: false });
    expect(first.session).toMatchObject({ userId: 'u1', userAgent: 'Firefox', address: '10.0.0.5', keepSignedIn: false, expiresAt: fixture.clock.now() + 20 * MINUTE });
  });

  it('answers undefined, never throwing, for unknown, malformed and absurd keys', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    manager.create({ userId: 'u1' });
    for (const key of ['', 'nope', 'A'.repeat(43), 'é'.repeat(43), 'x'.repeat(1_000_000), undefined as unknown as string, 42 as unknown as string]) {
      expect(manager.validate(key)).toBeUndefined();
      expect(manager.save(key, {})).toBe(false);
      expect(manager.destroy(key, 'signed-out')).toBe(false);
    }
    expect(fixture.store.count()).toBe(1);
  });

  it('treats an expired session as absent, deletes it and reports it as expired', async () => {
    fixture = await openSessionFixture();
    const { manager, clock } = fixture;
    const events = recordEnded();
    const { key, session } = manager.create({ userId: 'u1' });
    clock.advance(20 * MINUTE);
    expect(manager.validate(key)).toBeUndefined();
    expect(fixture.store.count()).toBe(0);
    expect(events).toEqual([{ sessionIds: [session.id], userIds: ['u1'], reason: 'expired' }]);
  });

  it('slides the expiry only once the session is past half its lifetime, and records activity at most once a minute', async () => {
    fixture = await openSessionFixture();
    const { manager, clock, store } = fixture;
    const { key, session } = manager.create({ userId: 'u1' });
    const start = clock.now();

    clock.advance(30_000);
    expect(manager.validate(key)).toMatchObject({ extended: false, session: { lastSeenAt: start, expiresAt: start + 20 * MINUTE } });

    clock.advance(5 * MINUTE);
    expect(manager.validate(key)).toMatchObject({ extended: false, session: { lastSeenAt: clock.now(), expiresAt: start + 20 * MINUTE } });

    clock.set(start + 10 * MINUTE + 1);
    const extended = manager.validate(key);
    expect(extended).toMatchObject({ extended: true, session: { lastSeenAt: clock.now(), expiresAt: clock.now() + 20 * MINUTE } });
    const row = store.find(hashOf(key));
    expect(row).toMatchObject({ id: session.id, lastSeenAt: clock.now(), expiresAt: clock.now() + 20 * MINUTE });

    // Idle for longer than the lifetime after the last extension: gone.
    clock.advance(20 * MINUTE);
    expect(manager.validate(key)).toBeUndefined();
  });

  it('gives "keep me signed in" sessions their own, longer lifetime', async () => {
    fixture = await openSessionFixture({ keepSignedInTimeoutMs: 7 * 24 * 60 * MINUTE });
    const { manager, clock } = fixture;
    const { key, session } = manager.create({ userId: 'u1', keepSignedIn: true });
    expect(session.expiresAt).toBe(clock.now() + 7 * 24 * 60 * MINUTE);
    clock.advance(3 * 24 * 60 * MINUTE);
    expect(manager.validate(key)?.extended).toBe(false);
    clock.advance(24 * 60 * MINUTE);
    expect(manager.validate(key)?.extended).toBe(true);
  });

  it('invalidateUsers ends every session of those users on every device, reports them once, and leaves other users signed in', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    const events = recordEnded();
    const laptop = manager.create({ userId: 'learner' });
    const tablet = manager.create({ userId: 'learner' });
    const coach = manager.create({ userId: 'coach' });
    const bystander = manager.create({ userId: 'bystander' });

    expect(manager.invalidateUsers(['learner', 'coach', 'nobody'], 'user-deleted')).toBe(3);
    expect(manager.validate(laptop.key)).toBeUndefined();
    expect(manager.validate(tablet.key)).toBeUndefined();
    expect(manager.validate(coach.key)).toBeUndefined();
    expect(manager.validate(bystander.key)?.session.id).toBe(bystander.session.id);
    expect(events).toHaveLength(1);
    expect([...events[0]!.sessionIds].sort()).toEqual([laptop.session.id, tablet.session.id, coach.session.id].sort());
    expect([...events[0]!.userIds].sort()).toEqual(['coach', 'learner']);
    expect(events[0]!.reason).toBe('user-deleted');

    expect(manager.invalidateUsers(['learner'], 'user-deleted')).toBe(0);
    expect(events).toHaveLength(1);
  });

  it('an in-flight save does not resurrect a session invalidated while the request was waiting', async () => {
    fixture = await openSessionFixture();
    const { manager, store } = fixture;
    const { key } = manager.create({ userId: 'u1', data: { lesson: 1 } });

    let releaseRequest!: () => void;
    const requestMayFinish = new Promise<void>((resolve) => (releaseRequest = resolve));
    // A request: validates, waits on something slow (another service, the network), then saves.
    const request = (async () => {
      const valid = manager.validate(key);
      expect(valid).toBeDefined();
      await requestMayFinish;
      return manager.save(key, { ...valid!.session.data, lesson: 2 });
    })();
    // Meanwhile an admin deletes the user.
    const deletion = (async () => {
      await Promise.resolve();
      manager.invalidateUsers(['u1'], 'user-deleted');
      releaseRequest();
    })();

    const [saved] = await Promise.all([request, deletion]);
    expect(saved).toBe(false);
    expect(store.count()).toBe(0);
    expect(manager.validate(key)).toBeUndefined();
  });

  it('a validation racing a deletion does not write the session back either', async () => {
    fixture = await openSessionFixture();
    const { manager, clock, store } = fixture;
    const { key } = manager.create({ userId: 'u1' });
    clock.advance(11 * MINUTE); // the next validation wants to slide the expiry (a write)
    const found = store.find(hashOf(key));
    manager.invalidateUsers(['u1'], 'user-deleted');
    expect(found).toBeDefined();
    expect(store.touch(hashOf(key), clock.now(), clock.now() + 20 * MINUTE)).toBe(false);
    expect(manager.validate(key)).toBeUndefined();
    expect(store.count()).toBe(0);
  });

  it('saves data for a live session', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    const { key } = manager.create({ userId: 'u1' });
    expect(manager.save(key, { language: 'sw' })).toBe(true);
    expect(manager.validate(key)?.session.data).toEqual({ language: 'sw' });
  });

  it('destroy ends one session; destroyOthers ends all of a user’s sessions but one', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    const events = recordEnded();
    const here = manager.create({ userId: 'u1' });
    const phone = manager.create({ userId: 'u1' });
    const tablet = manager.create({ userId: 'u1' });
    const other = manager.create({ userId: 'u2' });

    expect(manager.destroyOthers('u1', here.session.id, 'signed-out-elsewhere')).toBe(2);
    expect(manager.validate(phone.key)).toBeUndefined();
    expect(manager.validate(tablet.key)).toBeUndefined();
    expect(manager.validate(other.key)).toBeDefined();
    expect(manager.destroy(here.key, 'signed-out')).toBe(true);
    expect(manager.destroy(here.key, 'signed-out')).toBe(false);
    expect(events.map((event) => [event.reason, event.sessionIds.length])).toEqual([
      ['signed-out-elsewhere', 2],
      ['signed-out', 1],
    ]);
  });

  it('purges expired sessions and reports them as expired', async () => {
    fixture = await openSessionFixture();
    const { manager, clock } = fixture;
    const events = recordEnded();
    const old = manager.create({ userId: 'u1' });
    clock.advance(15 * MINUTE);
    const fresh = manager.create({ userId: 'u2' });
    clock.advance(5 * MINUTE);
    expect(manager.purgeExpired()).toBe(1);
    expect(events).toEqual([{ sessionIds: [old.session.id], userIds: ['u1'], reason: 'expired' }]);
    expect(manager.validate(fresh.key)).toBeDefined();
    expect(manager.purgeExpired()).toBe(0);
  });

  it('lists a user’s live sessions', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    const a = manager.create({ userId: 'u1' });
    fixture.clock.advance(1);
    const b = manager.create({ userId: 'u1' });
    manager.create({ userId: 'u2' });
    expect(manager.listForUser('u1').map((session) => session.id)).toEqual([b.session.id, a.session.id]);
  });

  it('stops delivering to a listener once disposed', async () => {
    fixture = await openSessionFixture();
    const { manager } = fixture;
    const seen: string[] = [];
    const dispose = manager.onDidEndSessions((event) => seen.push(event.reason));
    manager.destroy(manager.create({ userId: 'u1' }).key, 'signed-out');
    dispose();
    manager.destroy(manager.create({ userId: 'u1' }).key, 'signed-out');
    expect(seen).toEqual(['signed-out']);
  });

  it('never writes a raw session key to the database file or its WAL', async () => {
    fixture = await openSessionFixture();
    const { manager, db } = fixture;
    const keys = Array.from({ length: 50 }, (_, n) => manager.create({ userId: `u${n}` }).key);
    for (const key of keys) manager.save(key, { seen: true });
    const files = [db.file, `${db.file}-wal`];
    const contents = files.map((file) => readFileSync(file).toString('latin1')).join('');
    expect(contents.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(contents.includes(key)).toBe(false);
      // The hash is what is stored: the search would find it, so it would find a key too.
      expect(contents.includes(hashOf(key))).toBe(true);
    }
  });

  it('refuses nonsensical lifetimes with CONFIG_INVALID', async () => {
    fixture = await openSessionFixture();
    const attempt = () => createSessionManager({ store: fixture.store, clock: fixture.clock, random: cryptoRandomSource, settings: { idleTimeoutMs: 0 } });
    expect(attempt).toThrow(/idleTimeoutMs/);
    try {
      attempt();
    } catch (error) {
      expect(isCoreError(error, 'CONFIG_INVALID')).toBe(true);
    }
    expect(defaultSessionSettings.idleTimeoutMs).toBe(20 * MINUTE);
  });
});
