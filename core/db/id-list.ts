import { sql, type RawBuilder } from 'kysely';

/**
 * `(select value from json_each(?))`: a whole id list as one bound parameter. One statement text
 * serves any number of ids (so it is prepared once) and never hits SQLite's parameter limit.
 */
export function idList(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`(select value from json_each(${JSON.stringify(ids)}))`;
}
