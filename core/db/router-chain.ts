import { CoreError } from '../common/core-error.js';
import type { DatabaseName } from './database-name.js';
import type { DatabaseRouter } from './database-router.js';

/** Tables no router claims live here. */
export const DEFAULT_DATABASE: DatabaseName = 'default';

/**
 * Asks each router in turn and falls back to `default`: the single place that decides where a
 * table lives. Everything that touches a table asks this; nobody hard-codes a file.
 */
export class RouterChain {
  readonly #routers: readonly DatabaseRouter[];

  constructor(routers: readonly DatabaseRouter[]) {
    const owner = new Map<string, DatabaseName>();
    for (const router of routers) {
      for (const table of router.tables) {
        const previous = owner.get(table);
        if (previous !== undefined && previous !== router.databaseName) {
          throw CoreError.bug(`Table "${table}" is routed to both "${previous}" and "${router.databaseName}".`);
        }
        owner.set(table, router.databaseName);
      }
    }
    this.#routers = Object.freeze([...routers]);
  }

  /** The database `table` is read from. */
  databaseForRead(table: string): DatabaseName {
    return this.#first((router) => router.databaseForRead(table)) ?? DEFAULT_DATABASE;
  }

  /** The database `table` is written to. */
  databaseForWrite(table: string): DatabaseName {
    return this.#first((router) => router.databaseForWrite(table)) ?? DEFAULT_DATABASE;
  }

  /** Whether `tableA` may reference `tableB`. Never across databases: SQLite cannot enforce it. */
  allowRelation(tableA: string, tableB: string): boolean {
    const answer = this.#first((router) => router.allowRelation(tableA, tableB));
    if (answer !== undefined) return answer;
    return this.databaseForWrite(tableA) === this.databaseForWrite(tableB);
  }

  /** Whether a migration touching `table` may run on `database`. */
  allowMigrate(database: DatabaseName, table: string): boolean {
    const answer = this.#first((router) => router.allowMigrate(database, table));
    return answer ?? database === DEFAULT_DATABASE;
  }

  #first<T>(ask: (router: DatabaseRouter) => T | undefined): T | undefined {
    for (const router of this.#routers) {
      const answer = ask(router);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }
}
