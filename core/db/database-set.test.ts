import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { openDatabaseSet } from './database-set.js';
import { DatabaseRouter } from './database-router.js';
import { RouterChain } from './router-chain.js';
import type { TableMigration } from './table-migration.js';

const routers = new RouterChain([new DatabaseRouter({ databaseName: 'sessions', tables: ['session'] })]);

const createSession: TableMigration = {
  name: '0001-create-session',
  tables: ['session'],
  up: (db) => db.schema.createTable('session').addColumn('key_hash', 'text', (c) => c.primaryKey()).execute(),
};
const createFacility: TableMigration = {
  name: '0001-create-facility',
  tables: ['facility'],
  up: (db) => db.schema.createTable('facility').addColumn('id', 'text', (c) => c.primaryKey()).execute(),
};

function tablesIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'").all() as { name: string }[];
    return rows.map((row) => row.name).sort();
  } finally {
    db.close();
  }
}

function appliedMigrations(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((row) => row.name);
  } finally {
    db.close();
  }
}

describe('openDatabaseSet', () => {
  let home: TempHome;
  afterEach(() => home?.remove());

  it('creates a table routed to sessions only in sessions.sqlite3, and unrouted tables only in default.sqlite3', async () => {
    home = createTempHome();
    const set = await openDatabaseSet({ home: home.path, routers, migrations: [createSession, createFacility] });
    await set.close();
    expect(tablesIn(join(home.path, 'sessions.sqlite3'))).toEqual(['session']);
    expect(tablesIn(join(home.path, 'default.sqlite3'))).toEqual(['facility']);
  });

  it('opens every connection in WAL mode with foreign keys, synchronous=NORMAL, a busy timeout and a roomy WAL', async () => {
    home = createTempHome();
    const set = await openDatabaseSet({ home: home.path, routers, migrations: [] });
    try {
      for (const name of ['default', 'sessions'] as const) {
        const { handle } = set.get(name);
        expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(handle.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(handle.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
        expect(handle.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
        // Checkpoints every 10,000 pages rather than 1,000, cut back to 16 MB after (sync writes).
        expect(handle.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
        expect(handle.pragma('journal_size_limit', { simple: true })).toBe(16 * 1024 * 1024);
      }
      expect(set.health()).toEqual({ default: 'ok', sessions: 'ok', history: 'ok' });
    } finally {
      await set.close();
    }
  });

  it('refuses a migration whose relation spans two databases, before touching any file', async () => {
    home = createTempHome();
    const crossRelation: TableMigration = {
      name: '0002-session-user',
      tables: ['session'],
      relations: [['session', 'facility_user']],
      up: async () => {},
    };
    await expect(openDatabaseSet({ home: join(home.path, 'h'), routers, migrations: [crossRelation] })).rejects.toThrow(
      /relates "session" \(sessions\) to "facility_user" \(default\)/,
    );
    expect(existsSync(join(home.path, 'h', 'default.sqlite3'))).toBe(false);
  });

  it('refuses a migration that touches tables of two databases', async () => {
    home = createTempHome();
    const straddling: TableMigration = { name: '0003-both', tables: ['session', 'facility'], up: async () => {} };
    await expect(openDatabaseSet({ home: home.path, routers, migrations: [straddling] })).rejects.toThrow(/touches tables of several databases/);
  });

  it('stops start-up when a migration throws half-way, naming database and migration, and keeps the previous schema version', async () => {
    home = createTempHome();
    const first = await openDatabaseSet({ home: home.path, routers, migrations: [createSession] });
    await first.close();

    const halfWay: TableMigration = {
      name: '0002-add-session-columns',
      tables: ['session'],
      async up(db) {
        await db.schema.alterTable('session').addColumn('user_id', 'text').execute();
        throw new Error('disk gremlin');
      },
    };
    const attempt = openDatabaseSet({ home: home.path, routers, migrations: [createSession, halfWay] });
    const error = await attempt.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isCoreError(error, 'MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/Database "sessions".*migration "0002-add-session-columns" failed: disk gremlin/);

    const file = join(home.path, 'sessions.sqlite3');
    expect(appliedMigrations(file)).toEqual(['0001-create-session']);
    const db = new Database(file, { readonly: true });
    const columns = (db.prepare("select name from pragma_table_info('session')").all() as { name: string }[]).map((c) => c.name);
    db.close();
    expect(columns).toEqual(['key_hash']);
  });

  it('runs each migration once across restarts', async () => {
    home = createTempHome();
    let runs = 0;
    const counted: TableMigration = { ...createFacility, up: async (db) => { runs += 1; await createFacility.up(db); } };
    await (await openDatabaseSet({ home: home.path, routers, migrations: [counted] })).close();
    await (await openDatabaseSet({ home: home.path, routers, migrations: [counted] })).close();
    expect(runs).toBe(1);
  });
});
