import { Kysely, type Compilable, type CompiledQuery, type Insertable } from 'kysely';
import { CoreError } from '../common/core-error.js';
import type { DatabaseName } from './database-name.js';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect.js';
import type { SqliteHandle } from './sqlite-connection.js';
import { asStorageError } from './storage-error.js';

/** What a write statement reports. */
export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** A query kysely built, or SQL compiled by hand. */
export type Query<R> = Compilable<R> | CompiledQuery<R>;

/**
 * One logical database: a kysely instance for building typed queries, executed synchronously on
 * the better-sqlite3 handle. Synchronous execution is deliberate: a transaction then runs from
 * BEGIN to COMMIT without yielding, so no other request's statements can land inside it.
 */
export interface SqliteDatabase<Schema = unknown> {
  readonly name: DatabaseName;
  readonly file: string;
  /** The query builder. Build with it, then run with `all`/`first`/`run`. */
  readonly kysely: Kysely<Schema>;
  /** Every row the query returns. */
  all<R>(query: Query<R>): R[];
  /** The first row, or `undefined`. */
  first<R>(query: Query<R>): R | undefined;
  /** Runs a statement that returns no rows. */
  run(query: Query<unknown>): RunResult;
  /**
   * Inserts rows of one table, each naming the same columns, with multi-row INSERTs prepared once
   * per shape: for bulk writes (a synced page, a CSV import), where building the same INSERT of
   * 1,000 rows with kysely for every page cost as much as SQLite's work (issue 14). With
   * `ignoreConflictOn`, a row whose key exists is skipped (`on conflict (…) do nothing`).
   * Answers how many rows were inserted.
   */
  insertRows<T extends keyof Schema & string>(table: T, rows: readonly Insertable<Schema[T]>[], options?: { readonly ignoreConflictOn?: string }): number;
  /** Runs `work` in one write transaction (BEGIN IMMEDIATE). Nested calls become savepoints. */
  writeTransaction<T>(work: () => T): T;
  /** The raw handle, for hot paths that need prepared statements (bulk sync inserts). */
  readonly handle: SqliteHandle;
  /** Folds the WAL into the main file; used on a clean shutdown. */
  checkpoint(): void;
  /** Closes the connection. Idempotent. */
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 256;

/** SQLite's bound on a statement's parameters (SQLITE_MAX_VARIABLE_NUMBER), with room to spare. */
const MAX_PARAMETERS = 32_000;
/** Rows per multi-row INSERT: past a few hundred, longer statements saved nothing measurable. */
const ROWS_PER_INSERT = 500;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

function compile<R>(query: Query<R>): CompiledQuery<R> {
  return 'compile' in query && typeof query.compile === 'function' ? query.compile() : (query as CompiledQuery<R>);
}

// SQLite has no boolean type and better-sqlite3 refuses to bind JS booleans.
function bindable(parameters: readonly unknown[]): unknown[] {
  return parameters.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

/** Wraps an open handle as a `SqliteDatabase`. */
export function createSqliteDatabase<Schema>(name: DatabaseName, file: string, handle: SqliteHandle): SqliteDatabase<Schema> {
  const kysely = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: handle }) });
  const statements = new Map<string, ReturnType<SqliteHandle['prepare']>>();
  let closed = false;

  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (prepared) {
      // Re-insert to keep the map in least-recently-used order.
      statements.delete(sql);
    } else {
      prepared = handle.prepare(sql);
      if (statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
    }
    statements.set(sql, prepared);
    return prepared;
  };

  // The INSERT text of each shape (table, columns, rows, conflict), so a page does not build it again.
  const insertSql = new Map<string, string>();
  const insertStatement = (table: string, columns: readonly string[], rows: number, ignoreConflictOn: string | undefined) => {
    const key = `${table}\u0000${columns.join('\u0000')}\u0000${rows}\u0000${ignoreConflictOn ?? ''}`;
    let sql = insertSql.get(key);
    if (sql === undefined) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      sql = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`;
      if (ignoreConflictOn !== undefined) sql += ` on conflict (${quoted(ignoreConflictOn)}) do nothing`;
      if (insertSql.size >= STATEMENT_CACHE_SIZE) insertSql.clear();
      insertSql.set(key, sql);
    }
    return statement(sql);
  };

  // A full disk or a read-only home becomes STORAGE_FULL / STORAGE_READ_ONLY, with a plain message;
  // SQLite has already rolled the statement (or the transaction) back, so nothing is half-written.
  const translated = (error: unknown): unknown => asStorageError(error, file) ?? error;

  const database: SqliteDatabase<Schema> = {
    name,
    file,
    kysely,
    handle,
    all<R>(query: Query<R>): R[] {
      const compiled = compile(query);
      try {
        return statement(compiled.sql).all(bindable(compiled.parameters)) as R[];
      } catch (error) {
        throw translated(error);
      }
    },
    first<R>(query: Query<R>): R | undefined {
      const compiled = compile(query);
      try {
        return statement(compiled.sql).get(bindable(compiled.parameters)) as R | undefined;
      } catch (error) {
        throw translated(error);
      }
    },
    run(query) {
      const compiled = compile(query);
      try {
        const result = statement(compiled.sql).run(bindable(compiled.parameters));
        return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
      } catch (error) {
        throw translated(error);
      }
    },
    insertRows(table, rows, options = {}) {
      if (rows.length === 0) return 0;
      const columns = Object.keys(rows[0]!);
      if (columns.length === 0) throw CoreError.bug(`An insert into ${table} names no columns.`);
      const perStatement = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)));
      let inserted = 0;
      for (let start = 0; start < rows.length; start += perStatement) {
        const end = Math.min(rows.length, start + perStatement);
        const values: unknown[] = [];
        for (let index = start; index < end; index++) {
          const row = rows[index] as Record<string, unknown>;
          if (Object.keys(row).length !== columns.length) throw CoreError.bug(`The rows of an insert into ${table} name different columns.`);
          for (const column of columns) {
            const value = row[column];
            if (value === undefined) throw CoreError.bug(`Row ${index} of an insert into ${table} has no value for ${column}.`);
            values.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
          }
        }
        try {
          inserted += insertStatement(table, columns, end - start, options.ignoreConflictOn).run(values).changes;
        } catch (error) {
          throw translated(error);
        }
      }
      return inserted;
    },
    writeTransaction<T>(work: () => T): T {
      const transaction = handle.transaction(() => {
        const result = work();
        if (result instanceof Promise) {
          throw CoreError.bug('A write transaction must stay synchronous; do not await inside one.');
        }
        return result;
      });
      // BEGIN IMMEDIATE: take the write lock up front so a reader never upgrades into SQLITE_BUSY.
      try {
        return handle.inTransaction ? transaction() : transaction.immediate();
      } catch (error) {
        // Also covers COMMIT, and statements run on the raw handle inside the transaction.
        throw translated(error);
      }
    },
    checkpoint() {
      handle.pragma('wal_checkpoint(TRUNCATE)');
    },
    async close() {
      if (closed) return;
      closed = true;
      statements.clear();
      // kysely's destroy closes the handle it was given.
      await kysely.destroy();
      if (handle.open) handle.close();
    },
  };
  return Object.freeze(database);
}
