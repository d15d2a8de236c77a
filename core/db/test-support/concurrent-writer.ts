import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../sqlite-connection.js';
import { createSqliteDatabase } from '../sqlite-database.js';

// A worker thread with its own connection that writes `count` rows, each in its own write
// transaction which first reads (the pattern that turns a deferred transaction into SQLITE_BUSY).
const { file, writer, count } = workerData as { file: string; writer: string; count: number };
const db = createSqliteDatabase<{ tally: { writer: string; n: number } }>('default', file, openSqliteConnection(file));
const errors: string[] = [];
for (let n = 0; n < count; n += 1) {
  try {
    db.writeTransaction(() => {
      db.first(db.kysely.selectFrom('tally').select((eb) => eb.fn.countAll().as('c')));
      db.run(db.kysely.insertInto('tally').values({ writer, n }));
    });
  } catch (error) {
    errors.push((error as Error).message);
  }
}
await db.close();
parentPort?.postMessage({ errors });
