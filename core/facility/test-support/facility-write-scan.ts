import { facilityTables } from '../facility-schema.js';

// `sync_deletion` is the hand-off to the sync engine, which consumes (deletes) its rows.
const guarded = facilityTables.filter((table) => table !== 'sync_deletion');

/** One facility table. */
export type FacilityTableName = (typeof facilityTables)[number];

function patternsFor(tables: readonly string[]): readonly RegExp[] {
  // Longest first, so `facility_user` is never read as `facility`.
  const names = [...tables].sort((a, b) => b.length - a.length).join('|');
  return [
    // kysely: insertInto('facility_user'), updateTable("role as r"), deleteFrom(`membership`) ...
    new RegExp(String.raw`\b(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*(['"\x60])(?<table>${names})(\s+as\s+\w+)?\2`, 'g'),
    // raw SQL: insert [or …] into, replace into, update [or …], delete from; the name bare, quoted or escaped-quoted.
    new RegExp(String.raw`\b(insert\s+(or\s+\w+\s+)?into|replace\s+into|update(\s+or\s+\w+)?|delete\s+from)\s+\\?["'\x60\[]?(?<table>${names})\b`, 'gi'),
  ];
}

const guardedPatterns = patternsFor(guarded);
const everyTablePatterns = patternsFor(facilityTables);

// Comments may talk about writes; only code counts.
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Every write to a facility table (but `sync_deletion`) that `source` spells out, as the matched text. */
export function findFacilityTableWrites(source: string): string[] {
  const code = stripComments(source);
  return guardedPatterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[0]));
}

/** Every write to any facility table that `source` spells out, with the table it writes. */
export function findWritesByTable(source: string): { readonly table: FacilityTableName; readonly write: string }[] {
  const code = stripComments(source);
  return everyTablePatterns.flatMap((pattern) =>
    [...code.matchAll(pattern)].map((match) => ({ table: match.groups!['table']!.toLowerCase() as FacilityTableName, write: match[0] })),
  );
}

/** A source file to check, by its path from the repository root. */
export interface ScannedFile {
  readonly path: string;
  readonly source: string;
}

/**
 * The writes that break "one writer per table": each write to a facility table in a module that
 * is not that table's writer in `writers`. Each answer names the module, the table and the write.
 */
export function findForeignWriters(files: readonly ScannedFile[], writers: Readonly<Record<FacilityTableName, readonly string[]>>): string[] {
  return files.flatMap((file) =>
    findWritesByTable(file.source)
      .filter(({ table }) => !writers[table].includes(file.path))
      .map(({ table, write }) => `${file.path} writes ${table} (${write}); only ${writers[table].join(' or ')} may`),
  );
}
