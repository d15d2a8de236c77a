import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseSet } from '../../db/database-set.js';
import { openSqliteConnection } from '../../db/sqlite-connection.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { openTestDatabases } from '../test-support/test-database.js';
import { inWriteBatches } from './write-batches.js';

describe('inWriteBatches', () => {
  let home: TempHome | undefined;
  let set: DatabaseSet | undefined;
  afterEach(async () => {
    await set?.close();
    home?.remove();
  });

  async function table() {
    home = createTempHome();
    set = await openTestDatabases(home.path);
    const db = set.get<any>('default');
    db.handle.exec('create table page_log (page integer primary key)');
    const count = () => (db.handle.prepare('select count(*) as n from page_log').get() as { n: number }).n;
    return { db, count };
  }

  it('runs pages until one handles nothing, committing every few pages rather than every page', async () => {
    const { db, count } = await table();
    const insert = db.handle.prepare('insert into page_log (page) values (?)');
    // Another connection sees only what was committed.
    const reader = openSqliteConnection(db.file, { readonly: true });
    const committed = () => (reader.prepare('select count(*) as n from page_log').get() as { n: number }).n;
    const committedBefore: number[] = [];
    let page = 0;
    inWriteBatches(
      db,
      () => {
        committedBefore.push(committed());
        if (page === 7) return 0;
        insert.run(page++);
        return 500;
      },
      1500,
    );
    reader.close();
    expect(count()).toBe(7);
    // Three pages of 500 rows per transaction: pages 0-2, 3-5, then 6 and the empty one.
    expect(committedBefore).toEqual([0, 0, 0, 3, 3, 3, 6, 6]);
    expect(db.handle.inTransaction).toBe(false);
  });

  it('rolls back only the transaction whose page failed; earlier transactions stay committed', async () => {
    const { db, count } = await table();
    const insert = db.handle.prepare('insert into page_log (page) values (?)');
    let page = 0;
    expect(() =>
      inWriteBatches(
        db,
        () => {
          if (page === 4) throw new Error('page 4 is refused');
          insert.run(page++);
          return 1000;
        },
        2000,
      ),
    ).toThrow('page 4 is refused');
    // Pages 0-1 and 2-3 were two committed transactions; the one that reached page 4 rolled back.
    expect(count()).toBe(4);
  });
});
