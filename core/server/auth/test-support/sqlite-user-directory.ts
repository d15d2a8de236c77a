import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { UserDto } from '../../../contract/users.js';
import type { SqliteDatabase } from '../../../db/sqlite-database.js';
import type { TableMigration } from '../../../db/table-migration.js';
import type { UserDirectory } from '../user-directory.js';

/** A stand-in user table for HTTP tests of the auth layer (the real one belongs to core/facility). */
export interface TestUserSchema {
  test_user: { id: string; username: string; salt: string; hash: string; active: number };
}

/** Creates `test_user` in the default database. */
export const testUserMigration: TableMigration = {
  name: '9001-test-user',
  tables: ['test_user'],
  up: (db) =>
    db.schema
      .createTable('test_user')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('salt', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute(),
};

/** A user directory on a real SQLite table, with scrypt hashes and a dummy hash for unknown names. */
export interface SqliteTestUserDirectory extends UserDirectory {
  add(username: string, password: string): UserDto;
  /** Marks a user inactive without touching sessions (what a racing deletion looks like to a request). */
  deactivate(userId: string): void;
}

// Cheap scrypt parameters: these tests check behaviour, not hashing strength.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;
const hashOf = (password: string, salt: string) => scryptSync(password, salt, 32, SCRYPT).toString('hex');

function toDto(row: { id: string; username: string }): UserDto {
  return { id: row.id, facilityId: 'facility-1', username: row.username, fullName: row.username, kind: 'learner', isSuperuser: false, birthYear: null, gender: null, idNumber: null, dateDeleted: null };
}

/** Creates the directory over `db` (which must hold `test_user`). */
export function createSqliteTestUserDirectory(db: SqliteDatabase<TestUserSchema>): SqliteTestUserDirectory {
  const dummySalt = 'dummy-salt';
  const dummyHash = hashOf('dummy password', dummySalt);
  let next = 0;
  return {
    add(username, password) {
      next += 1;
      const row = { id: `user-${next}`, username, salt: randomBytes(8).toString('hex'), hash: '', active: 1 };
      db.run(db.kysely.insertInto('test_user').values({ ...row, hash: hashOf(password, row.salt) }));
      return toDto(row);
    },
    deactivate(userId) {
      db.run(db.kysely.updateTable('test_user').set({ active: 0 }).where('id', '=', userId));
    },
    async authenticate(username, password) {
      const row = db.first(db.kysely.selectFrom('test_user').selectAll().where('username', '=', username).where('active', '=', 1));
      // Hash even for an unknown name, so both answers take as long.
      const actual = Buffer.from(hashOf(password, row?.salt ?? dummySalt), 'hex');
      const expected = Buffer.from(row?.hash ?? dummyHash, 'hex');
      return row && timingSafeEqual(actual, expected) ? toDto(row) : undefined;
    },
    findActiveUser(userId) {
      const row = db.first(db.kysely.selectFrom('test_user').select(['id', 'username']).where('id', '=', userId).where('active', '=', 1));
      return row ? toDto(row) : undefined;
    },
  };
}
