import { sql, type RawBuilder } from 'kysely';

/**
 * `(select value from json_each(?))`: a whole id list as one bound parameter, so one statement
 * serves any number of ids and never meets SQLite's limit on bound parameters.
 */
export function idsOf(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`(select value from json_each(${JSON.stringify(ids)}))`;
}
