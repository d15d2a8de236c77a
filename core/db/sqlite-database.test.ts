import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { openDatabaseSet, type DatabaseSet } from './database-set.js';
import { RouterChain } from './router-chain.js';

interface Schema {
  note: { id: number; text: string; flag: number };
}

describe('SqliteDatabase', () => {
  let home: TempHome;
  let set: DatabaseSet;
  afterEach(async () => {
    await set?.close();
    home?.remove();
  });

  async function open() {
    home = createTempHome();
    set = await openDatabaseSet({
      home: home.path,
      routers: new RouterChain([]),
      migrations: [
        {
          name: '0001-note',
          tables: ['note'],
          up: (db) =>
            db.schema
              .createTable('note')
              .addColumn('id', 'integer', (c) => c.primaryKey())
              .addColumn('text', 'text', (c) => c.notNull())
              .addColumn('flag', 'integer', (c) => c.notNull())
              .execute(),
        },
      ],
    });
    return set.get<Schema>('default');
  }

  it('runs kysely-built queries synchronously, binding booleans as integers', async () => {
    const db = await open();
    db.run(db.kysely.insertInto('note').values({ id: 1, text: 'a', flag: true as unknown as number }));
    expect(db.all(db.kysely.selectFrom('note').selectAll())).toEqual([{ id: 1, text: 'a', flag: 1 }]);
    expect(db.first(db.kysely.selectFrom('note').select('text').where('id', '=', 2))).toBeUndefined();
  });

  it('rolls back every statement of a write transaction that throws', async () => {
    const db = await open();
    expect(() =>
      db.writeTransaction(() => {
        db.run(db.kysely.insertInto('note').values({ id: 1, text: 'a', flag: 0 }));
        db.run(db.kysely.insertInto('note').values({ id: 1, text: 'duplicate', flag: 0 }));
      }),
    ).toThrow(/UNIQUE/);
    expect(db.all(db.kysely.selectFrom('note').selectAll())).toEqual([]);
  });

  it('refuses an asynchronous write transaction and rolls it back', async () => {
    const db = await open();
    expect(() =>
      db.writeTransaction(() => {
        db.run(db.kysely.insertInto('note').values({ id: 1, text: 'a', flag: 0 }));
        return Promise.resolve();
      }),
    ).toThrow(/must stay synchronous/);
    expect(db.all(db.kysely.selectFrom('note').selectAll())).toEqual([]);
  });

  it('turns a nested write transaction into a savepoint', async () => {
    const db = await open();
    db.writeTransaction(() => {
      db.run(db.kysely.insertInto('note').values({ id: 1, text: 'outer', flag: 0 }));
      expect(() =>
        db.writeTransaction(() => {
          db.run(db.kysely.insertInto('note').values({ id: 2, text: 'inner', flag: 0 }));
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
    });
    expect(db.all(db.kysely.selectFrom('note').select('text'))).toEqual([{ text: 'outer' }]);
  });
});
