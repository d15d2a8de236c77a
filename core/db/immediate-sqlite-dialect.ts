import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver } from 'kysely';

/** kysely's SQLite driver, except that transactions take the write lock up front. */
class ImmediateSqliteDriver extends SqliteDriver {
  // BEGIN IMMEDIATE: take the write lock up front so a reader never upgrades into SQLITE_BUSY.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * kysely's SQLite adapter says SQLite has no transactional DDL, so its Migrator would apply
 * migrations one statement at a time and a failure half-way would leave a half-migrated file.
 * SQLite does roll back CREATE/ALTER/DROP, so we say so and get all-or-nothing migrations.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** A `SqliteDialect` whose transactions begin with `BEGIN IMMEDIATE` and whose migrations are atomic. */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];

  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
