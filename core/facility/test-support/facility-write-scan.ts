import { facilityTables } from '../facility-schema.js';

// `sync_deletion` is the hand-off to the sync engine, which consumes (deletes) its rows.
const guarded = facilityTables.filter((table) => table !== 'sync_deletion');
const names = guarded.join('|');

const patterns: readonly RegExp[] = [
  // kysely: insertInto('facility_user'), updateTable("role as r"), deleteFrom(`membership`) ...
  new RegExp(String.raw`\b(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*(['"\x60])(${names})(\s+as\s+\w+)?\2`, 'g'),
  // raw SQL: insert [or …] into, replace into, update [or …], delete from; the name bare, quoted or escaped-quoted.
  new RegExp(String.raw`\b(insert\s+(or\s+\w+\s+)?into|replace\s+into|update(\s+or\s+\w+)?|delete\s+from)\s+\\?["'\x60\[]?(${names})\b`, 'gi'),
];

// Comments may talk about writes; only code counts.
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Every write to a facility table that `source` spells out, as the matched text. */
export function findFacilityTableWrites(source: string): string[] {
  const code = stripComments(source);
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[0]));
}
