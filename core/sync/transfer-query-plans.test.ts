import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

/** Tables that grow with the data or with every sync: none may be scanned whole on the transfer path. */
const GROWING = /^SCAN (sync_store|sync_buffer|sync_received_range|sync_database_max_counter|sync_transfer_session|sync_session|sync_peer)\b/;

/**
 * Records every statement prepared while two devices sync (push, pull, an interrupted push that
 * resumes, a no-op sync, a clean-up of abandoned transfers), then asks SQLite for each one's plan.
 * Catching statements as they are prepared, rather than listing them by hand, means a new query on
 * the transfer path cannot escape the check: Morango's missing index turned its transfer quadratic.
 */
describe('query plans of every statement on the transfer path', () => {
  const seen = new Set<string>();
  const original = Database.prototype.prepare;
  let harness: SyncHarness;
  let a: TestDevice;

  beforeAll(async () => {
    harness = createSyncHarness();
    a = await harness.device('a', { pageSize: 5 });
    const b = await harness.device('b', { pageSize: 5 });
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    for (let i = 0; i < 30; i++) a.notes.put({ id: `a${i}`, part: i % 2 ? ds : `${ds}:allusers-ro`, body: `A ${i}` });
    for (let i = 0; i < 30; i++) b.notes.put({ id: `b${i}`, part: `${ds}:user-ro:u${i}`, body: `B ${i}` });
    // From here on, record what is prepared (statements prepared at start-up are re-prepared by a restart below).
    Database.prototype.prepare = function prepare(this: Database.Database, source: string) {
      seen.add(source);
      return original.call(this, source);
    } as typeof original;
    await a.restart();
    await b.restart();
    let chunks = 0;
    const flaky = harness.transport(a, {
      beforeCall(call) {
        if (call === 'pushChunk' && ++chunks === 2) throw new Error('network dropped');
      },
    });
    const first = await b.sync.connect(flaky, { certificateId: b.certificateId });
    await first.push().catch(() => {});
    await harness.syncPair(b, a);
    a.notes.remove('a3');
    b.notes.put({ id: 'b1', part: `${ds}:user-ro:u1`, body: 'edited' });
    await harness.syncPair(b, a);
    await harness.syncPair(b, a);
    a.clock.advance(48 * 60 * 60_000);
    a.sync.cleanStaleTransfers(24 * 60 * 60_000);
    Database.prototype.prepare = original;
  });
  afterAll(async () => {
    Database.prototype.prepare = original;
    await harness.dispose();
  });

  const queries = () => [...seen].filter((sql) => /^\s*(select|insert|update|delete|with|replace)\b/i.test(sql) && !/\bsqlite_master\b|\bkysely_migration/i.test(sql));

  it('saw the statements of the whole transfer path', () => {
    const text = queries().join('\n');
    for (const table of ['sync_store', 'sync_buffer', 'sync_received_range', 'sync_database_max_counter', 'sync_transfer_session', 'sync_session']) expect(text).toContain(table);
    expect(queries().length).toBeGreaterThan(30);
  });

  it('scans none of the store, counters, buffers, sessions or transfers', () => {
    const handle = a.databases.get<any>('default').handle;
    const offenders: string[] = [];
    for (const sql of queries()) {
      const parameters = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
      const plan = (handle.prepare(`explain query plan ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail);
      if (plan.some((step) => GROWING.test(step))) offenders.push(`${sql}\n    → ${plan.join(' | ')}`);
    }
    expect(offenders, offenders.join('\n\n')).toEqual([]);
  });
});
