import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from './session.js';
import { hashSessionKey } from './session-key.js';
import { createSqliteSessionStore } from './session-store.js';
import { openSessionFixture, type SessionFixture } from './test-support/session-fixture.js';

const NOW = Date.UTC(2026, 0, 1);

function session(id: string, userId: string, expiresAt = NOW + 60_000): Session {
  return { id, userId, data: { theme: 'dark' }, createdAt: NOW, lastSeenAt: NOW, expiresAt, userAgent: 'test', address: '127.0.0.1', keepSignedIn: false };
}

function hash(n: number): string {
  return hashSessionKey(`key-${n}`);
}

describe('SQLite session store', () => {
  let fixture: SessionFixture;
  afterEach(() => fixture?.dispose());

  it('keeps a session under its key hash and reads it back as inserted', async () => {
    fixture = await openSessionFixture();
    fixture.store.insert(hash(1), session('s1', 'u1'));
    expect(fixture.store.find(hash(1))).toEqual(session('s1', 'u1'));
    expect(fixture.store.find(hash(2))).toBeUndefined();
  });

  it('refuses to store anything but a 64-character hash as the key', async () => {
    fixture = await openSessionFixture();
    expect(() => fixture.store.insert('raw-session-key', session('s1', 'u1'))).toThrow(/CHECK constraint/);
    expect(fixture.store.count()).toBe(0);
  });

  it('touch and saveData update an existing row and report false, writing nothing, once the row is gone', async () => {
    fixture = await openSessionFixture();
    fixture.store.insert(hash(1), session('s1', 'u1'));
    expect(fixture.store.touch(hash(1), NOW + 5, NOW + 100)).toBe(true);
    expect(fixture.store.saveData(hash(1), { step: 2 }, NOW + 6)).toBe(true);
    expect(fixture.store.find(hash(1))).toMatchObject({ data: { step: 2 }, lastSeenAt: NOW + 6, expiresAt: NOW + 100 });

    expect(fixture.store.deleteByKeyHash(hash(1))).toEqual({ id: 's1', userId: 'u1' });
    expect(fixture.store.touch(hash(1), NOW + 7, NOW + 200)).toBe(false);
    expect(fixture.store.saveData(hash(1), { step: 3 }, NOW + 8)).toBe(false);
    expect(fixture.store.count()).toBe(0);
  });

  it('deletes every session of many users in one call, beyond SQLite’s bound-variable limit, and no one else’s', async () => {
    fixture = await openSessionFixture();
    const { db, store } = fixture;
    db.writeTransaction(() => {
      for (let n = 0; n < 2_000; n += 1) store.insert(hash(n), session(`s${n}`, `u${n % 1_000}`));
    });
    // 40,000 ids: more than SQLITE_MAX_VARIABLE_NUMBER (32,766) if each were bound separately.
    const userIds = Array.from({ length: 40_000 }, (_, n) => `u${n}`).filter((id) => id !== 'u7');
    const ended = store.deleteByUserIds(userIds);
    expect(ended).toHaveLength(1_998);
    expect(new Set(ended.map((row) => row.userId)).has('u7')).toBe(false);
    expect(store.count()).toBe(2);
    expect(store.listByUser('u7', NOW).map((each) => each.id).sort()).toEqual(['s1007', 's7']);
    expect(store.deleteByUserIds([])).toEqual([]);
  });

  it('deletes expired sessions in batches of at most the limit, leaving live ones', async () => {
    fixture = await openSessionFixture();
    const { db, store } = fixture;
    db.writeTransaction(() => {
      for (let n = 0; n < 25; n += 1) store.insert(hash(n), session(`s${n}`, 'u1', n < 20 ? NOW - 1 : NOW + 1));
    });
    expect(store.deleteExpired(NOW, 15)).toHaveLength(15);
    expect(store.deleteExpired(NOW, 15)).toHaveLength(5);
    expect(store.deleteExpired(NOW, 15)).toHaveLength(0);
    expect(store.count()).toBe(5);
  });

  it('deleteIfExpired leaves a session that is live at that moment', async () => {
    fixture = await openSessionFixture();
    fixture.store.insert(hash(1), session('s1', 'u1', NOW + 10));
    expect(fixture.store.deleteIfExpired(hash(1), NOW)).toBeUndefined();
    expect(fixture.store.deleteIfExpired(hash(1), NOW + 10)).toEqual({ id: 's1', userId: 'u1' });
  });

  it('lists only the live sessions of one user, most recently seen first', async () => {
    fixture = await openSessionFixture();
    const { store } = fixture;
    store.insert(hash(1), { ...session('old', 'u1'), lastSeenAt: NOW - 10 });
    store.insert(hash(2), session('new', 'u1'));
    store.insert(hash(3), session('expired', 'u1', NOW));
    store.insert(hash(4), session('other', 'u2'));
    expect(store.listByUser('u1', NOW).map((each) => each.id)).toEqual(['new', 'old']);
  });

  describe('cache of committed sessions', () => {
    it('never serves a session that another connection deleted or changed', async () => {
      fixture = await openSessionFixture();
      const { store, db } = fixture;
      store.insert(hash(1), session('s1', 'u1'));
      store.insert(hash(2), session('s2', 'u2'));
      expect(store.find(hash(1))).toBeDefined();
      expect(store.find(hash(2))?.expiresAt).toBe(NOW + 60_000);

      const other = new Database(db.file);
      try {
        other.prepare('DELETE FROM session WHERE key_hash = ?').run(hash(1));
        other.prepare('UPDATE session SET expires_at = ? WHERE key_hash = ?').run(NOW + 5, hash(2));
      } finally {
        other.close();
      }
      expect(store.find(hash(1))).toBeUndefined();
      expect(store.find(hash(2))?.expiresAt).toBe(NOW + 5);
    });

    it('does not put back a copy read before another connection changed the row', async () => {
      fixture = await openSessionFixture();
      const { store, db } = fixture;
      store.insert(hash(1), session('s1', 'u1'));
      expect(store.find(hash(1))?.data).toEqual({ theme: 'dark' });
      const other = new Database(db.file);
      try {
        other.prepare('UPDATE session SET data = ? WHERE key_hash = ?').run('{"theme":"light"}', hash(1));
      } finally {
        other.close();
      }
      expect(store.touch(hash(1), NOW + 1, NOW + 99)).toBe(true);
      expect(store.find(hash(1))).toMatchObject({ data: { theme: 'light' }, lastSeenAt: NOW + 1, expiresAt: NOW + 99 });
    });

    it('keeps nothing of a transaction that rolled back', async () => {
      fixture = await openSessionFixture();
      const { store, db } = fixture;
      store.insert(hash(2), session('s2', 'u2'));
      expect(store.find(hash(2))).toBeDefined();
      expect(() =>
        db.writeTransaction(() => {
          store.insert(hash(1), session('s1', 'u1'));
          expect(store.find(hash(1))).toBeDefined();
          store.touch(hash(2), NOW + 1, NOW + 99);
          throw new Error('abort');
        }),
      ).toThrow('abort');
      expect(store.find(hash(1))).toBeUndefined();
      expect(store.find(hash(2))?.expiresAt).toBe(NOW + 60_000);
    });

    it('forgets every session it deletes, whichever statement deleted it', async () => {
      fixture = await openSessionFixture();
      const { store } = fixture;
      for (let n = 0; n < 6; n += 1) store.insert(hash(n), session(`s${n}`, `u${n % 3}`, n === 5 ? NOW : NOW + 60_000));
      for (let n = 0; n < 6; n += 1) expect(store.find(hash(n))).toBeDefined();
      store.deleteByUserIds(['u0']); // s0, s3
      store.deleteByKeyHash(hash(1));
      store.deleteOthersOfUser('u2', 's2'); // s5
      store.deleteExpired(NOW + 1, 10);
      expect([0, 1, 2, 3, 4, 5].map((n) => store.find(hash(n))?.id)).toEqual([undefined, undefined, 's2', undefined, 's4', undefined]);
    });

    it('answers the same with the cache off', async () => {
      fixture = await openSessionFixture();
      const uncached = createSqliteSessionStore(fixture.db, { cacheCapacity: 0 });
      fixture.store.insert(hash(1), session('s1', 'u1'));
      expect(uncached.find(hash(1))).toEqual(fixture.store.find(hash(1)));
      uncached.deleteByKeyHash(hash(1));
      // Same connection, so no data_version change: only eviction by the deleting store would help.
      expect(uncached.find(hash(1))).toBeUndefined();
    });
  });
});
