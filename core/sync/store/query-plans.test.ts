import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseSet } from '../../db/database-set.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { openTestDatabases } from '../test-support/test-database.js';
import { SYNC_STORE_SQL } from './sync-store.js';

describe('query plans of the sync store', () => {
  let home: TempHome;
  let set: DatabaseSet;
  beforeAll(async () => {
    home = createTempHome();
    set = await openTestDatabases(home.path);
  });
  afterAll(async () => {
    await set.close();
    home.remove();
  });

  it.each(Object.entries(SYNC_STORE_SQL))('%s uses an index on the store, counters and buffers', (_name, sql) => {
    const parameters = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
    const plan = (set.get('default').handle.prepare(`explain query plan ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail);
    for (const step of plan) expect(step, plan.join(' | ')).not.toMatch(/^SCAN (sync_store|sync_apply_queue|sync_buffer|sync_received_range|sync_database_max_counter)\b/);
  });

  it('keeps no index by partition, and purges a dataset through the index by dataset', () => {
    const plan = (set.get('default').handle.prepare(`explain query plan ${SYNC_STORE_SQL.purgeRecords}`).all('ds') as { detail: string }[]).map((row) => row.detail);
    expect(plan.join(' | ')).toContain('USING INDEX sync_store_dataset');
    const indexes = (set.get('default').handle.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'sync_store'").all() as { name: string }[]).map((row) => row.name);
    expect(indexes).not.toContain('sync_store_partition');
  });

  it('seeks to the queue cursor instead of scanning from the start of the range', () => {
    const plan = (set.get('default').handle.prepare(`explain query plan ${SYNC_STORE_SQL.queueRegion}`).all('i', 1, 'x', 9, 'p', 'p:', 'p;', 10) as { detail: string }[]).map((row) => row.detail);
    expect(plan.join(' | ')).toContain('(last_saved_counter,id)>(?,?)');
  });

  it('pages the records waiting to be applied in store order through the queue, seeking to the cursor', () => {
    const plan = (set.get('default').handle.prepare(`explain query plan ${SYNC_STORE_SQL.dirtyPage}`).all('p', 'm', 0, 10) as { detail: string }[]).map((row) => row.detail);
    expect(plan.join(' | ')).toContain('SEARCH q USING PRIMARY KEY (profile=? AND model_name=? AND position>?)');
    expect(plan.join(' | ')).toContain('SEARCH s USING INTEGER PRIMARY KEY (rowid=?)');
    // In position order already: no sort of the page.
    expect(plan.join(' | ')).not.toContain('TEMP B-TREE');
  });

  it('takes applied records off the queue by its key, each checked against its row', () => {
    const plan = (set.get('default').handle.prepare(`explain query plan ${SYNC_STORE_SQL.markApplied}`).all('[]') as { detail: string }[]).map((row) => row.detail);
    expect(plan.join(' | ')).toContain('SEARCH sync_apply_queue USING PRIMARY KEY (profile=? AND model_name=? AND position=?)');
    expect(plan.join(' | ')).toContain('SEARCH s USING INTEGER PRIMARY KEY (rowid=?)');
  });
});
