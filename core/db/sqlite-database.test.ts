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

  it('inserts rows in multi-row statements of one shape, skips existing keys when asked, and refuses rows of mixed shapes', async () => {
    const db = await open();
    // More rows than one statement takes (500), booleans as integers, a quote in a value.
    const rows = Array.from({ length: 1_203 }, (_, n) => ({ id: n + 1, text: n === 7 ? `it's "${n}"` : `note ${n}`, flag: n % 2 === 0 }));
    expect(db.writeTransaction(() => db.insertRows('note', rows as never))).toBe(1_203);
    expect(db.first(db.kysely.selectFrom('note').select((eb) => eb.fn.countAll<number>().as('n')))?.n).toBe(1_203);
    expect(db.first(db.kysely.selectFrom('note').selectAll().where('id', '=', 8))).toEqual({ id: 8, text: 'it\'s "7"', flag: 0 });
    expect(db.first(db.kysely.selectFrom('note').selectAll().where('id', '=', 1_203))).toEqual({ id: 1_203, text: 'note 1202', flag: 1 });

    // An existing key: refused as a constraint violation, or skipped with ignoreConflictOn.
    expect(() => db.writeTransaction(() => db.insertRows('note', [{ id: 1, text: 'again', flag: 0 }]))).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(db.writeTransaction(() => db.insertRows('note', [{ id: 1, text: 'again', flag: 0 }, { id: 5_000, text: 'new', flag: 1 }], { ignoreConflictOn: 'id' }))).toBe(1);
    expect(db.first(db.kysely.selectFrom('note').select('text').where('id', '=', 1))?.text).toBe('note 0');

    // Rows that name other columns, or leave one undefined, are a bug: the write rolls back whole.
    const mixed = [...Array.from({ length: 600 }, (_, n) => ({ id: 10_000 + n, text: 'x', flag: 0 })), { id: 20_000, text: 'y' }];
    expect(() => db.writeTransaction(() => db.insertRows('note', mixed as never))).toThrow(/different columns/);
    expect(() => db.writeTransaction(() => db.insertRows('note', [{ id: 30_000, text: undefined, flag: 0 }] as never))).toThrow(/no value for text/);
    expect(db.first(db.kysely.selectFrom('note').select((eb) => eb.fn.countAll<number>().as('n')))?.n).toBe(1_204);
    expect(db.insertRows('note', [])).toBe(0);
  });
});
