import type { Kysely } from 'kysely';

/**
 * One schema change, declared with the tables it touches so the routers can place it on the right
 * database. Names sort in the order they must run (e.g. `0001-create-session`).
 */
export interface TableMigration {
  readonly name: string;
  /** Every table the migration creates or alters. */
  readonly tables: readonly string[];
  /** Foreign keys it declares, as [from table, to table]; the routers must allow each. */
  readonly relations?: readonly (readonly [string, string])[];
  // kysely's Migrator hands migrations an untyped instance: a migration runs against the schema as
  // it was before it, not the current TypeScript schema.
  up(db: Kysely<any>): Promise<void>;
}
