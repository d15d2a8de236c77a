import type { DatabaseName } from './database-name.js';

/** What a concrete router declares: the tables it owns and the database they live in. */
export interface DatabaseRouterDeclaration {
  readonly databaseName: DatabaseName;
  readonly tables: readonly string[];
}

/**
 * Routes its declared tables to its database. Each method answers `undefined` for a table it does
 * not own, so that a `RouterChain` can ask the next router (the same contract as Django's routers,
 * which Kolibri uses to keep sessions in their own file).
 */
export class DatabaseRouter {
  readonly databaseName: DatabaseName;
  readonly tables: ReadonlySet<string>;

  constructor(declaration: DatabaseRouterDeclaration) {
    this.databaseName = declaration.databaseName;
    this.tables = new Set(declaration.tables);
  }

  /** The database to read `table` from, if this router owns it. */
  databaseForRead(table: string): DatabaseName | undefined {
    return this.tables.has(table) ? this.databaseName : undefined;
  }

  /** The database to write `table` to, if this router owns it. */
  databaseForWrite(table: string): DatabaseName | undefined {
    return this.tables.has(table) ? this.databaseName : undefined;
  }

  /** Whether two tables may reference each other: only when this router owns both or neither. */
  allowRelation(tableA: string, tableB: string): boolean | undefined {
    const ownsA = this.tables.has(tableA);
    const ownsB = this.tables.has(tableB);
    if (!ownsA && !ownsB) return undefined;
    return ownsA && ownsB;
  }

  /** Whether a migration touching `table` may run on `database`, if this router owns the table. */
  allowMigrate(database: DatabaseName, table: string): boolean | undefined {
    return this.tables.has(table) ? database === this.databaseName : undefined;
  }
}
