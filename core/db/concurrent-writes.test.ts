import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { openDatabaseSet } from './database-set.js';
import { RouterChain } from './router-chain.js';

const WRITES_PER_WORKER = 1_000;

function runWriter(file: string, writer: string): Promise<{ errors: string[] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../test-support/ts-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./test-support/concurrent-writer.ts', import.meta.url).href, file, writer, count: WRITES_PER_WORKER },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe('concurrent writers on one database', () => {
  let home: TempHome;
  afterEach(() => home?.remove());

  it('two worker threads writing 1,000 rows each finish with no SQLITE_BUSY and no lost row', async () => {
    home = createTempHome();
    const set = await openDatabaseSet({
      home: home.path,
      routers: new RouterChain([]),
      migrations: [
        {
          name: '0001-tally',
          tables: ['tally'],
          up: (db) => db.schema.createTable('tally').addColumn('writer', 'text').addColumn('n', 'integer').addPrimaryKeyConstraint('tally_pk', ['writer', 'n']).execute(),
        },
      ],
    });
    const file = join(home.path, 'default.sqlite3');
    const results = await Promise.all([runWriter(file, 'a'), runWriter(file, 'b')]);
    expect(results.flatMap((result) => result.errors)).toEqual([]);
    const db = set.get<{ tally: { writer: string; n: number } }>('default');
    const counts = db.all(db.kysely.selectFrom('tally').select(['writer', (eb) => eb.fn.countAll<number>().as('rows')]).groupBy('writer').orderBy('writer'));
    expect(counts).toEqual([
      { writer: 'a', rows: WRITES_PER_WORKER },
      { writer: 'b', rows: WRITES_PER_WORKER },
    ]);
    await set.close();
  });
});
