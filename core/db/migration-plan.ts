import { CoreError } from '../common/core-error.js';
import { databaseNames, type DatabaseName } from './database-name.js';
import type { RouterChain } from './router-chain.js';
import type { TableMigration } from './table-migration.js';

/** The ordered migrations of each database. */
export type MigrationPlan = ReadonlyMap<DatabaseName, readonly TableMigration[]>;

/**
 * Places every migration on the one database its tables route to, and refuses a migration whose
 * tables or relations would span two databases: SQLite cannot keep a foreign key across files.
 */
export function planMigrations(routers: RouterChain, migrations: readonly TableMigration[]): MigrationPlan {
  const plan = new Map<DatabaseName, TableMigration[]>(databaseNames.map((name) => [name, []]));
  const seen = new Set<string>();
  for (const migration of migrations) {
    if (migration.tables.length === 0) throw CoreError.bug(`Migration "${migration.name}" declares no tables.`);
    for (const [from, to] of migration.relations ?? []) {
      if (!routers.allowRelation(from, to)) {
        throw CoreError.bug(
          `Migration "${migration.name}" relates "${from}" (${routers.databaseForWrite(from)}) to "${to}" ` +
            `(${routers.databaseForWrite(to)}); relations across databases are not allowed.`,
        );
      }
    }
    const targets = databaseNames.filter((database) => migration.tables.every((table) => routers.allowMigrate(database, table)));
    if (targets.length !== 1) {
      throw CoreError.bug(`Migration "${migration.name}" touches tables of several databases: ${migration.tables.join(', ')}.`);
    }
    const database = targets[0]!;
    const key = `${database}/${migration.name}`;
    if (seen.has(key)) throw CoreError.bug(`Two migrations of database "${database}" are named "${migration.name}".`);
    seen.add(key);
    plan.get(database)!.push(migration);
  }
  for (const list of plan.values()) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return plan;
}
