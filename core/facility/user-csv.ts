import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CoreError } from '../common/core-error.js';
import type { FacilityUserRecord, UserKind } from './facility-records.js';
import { usernameKey, usernameSkeleton } from './username-key.js';
import { userFieldSchemas, type Gender } from './user-rules.js';

/** The columns an import understands; `username`, `password` and `full_name` are required. */
export const userCsvImportColumns = Object.freeze(['username', 'password', 'full_name', 'role', 'birth_year', 'gender', 'id_number'] as const);
/** The columns of an export, in order (no passwords: they are not kept in a form that could be exported). */
export const userCsvExportColumns = Object.freeze(['username', 'full_name', 'role', 'birth_year', 'gender', 'id_number'] as const);
const requiredColumns = Object.freeze(['username', 'password', 'full_name'] as const);
/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 10_000;

type ImportColumn = (typeof userCsvImportColumns)[number];

/** One valid row of an import file. */
export interface ImportedUser {
  /** The line of the file the row starts on (1 is the header). */
  readonly line: number;
  readonly username: string;
  readonly password: string;
  readonly fullName: string;
  readonly role: UserKind;
  readonly birthYear: number | null;
  readonly gender: Gender | null;
  readonly idNumber: string | null;
}

/** A problem with one cell, row or the header of an import file. */
export interface CsvProblem {
  readonly line: number;
  /** The column, or '' for the whole row. */
  readonly column: string;
  readonly message: string;
}

/** What reading an import file found: the valid rows, and every problem (import nothing if there is one). */
export interface ParsedUserCsv {
  readonly users: readonly ImportedUser[];
  readonly problems: readonly CsvProblem[];
}

/**
 * The text of an uploaded users CSV: UTF-8 (a BOM is kept for `parseUserCsv` to skip). Anything
 * else, such as a Latin-1 "José" from an old spreadsheet, is refused with INVALID_INPUT naming the
 * line of the first bad byte: decoding it anyway would import "Jos\uFFFD" (issue 19, item 8).
 */
export function decodeUserCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const bad = text.indexOf('\uFFFD');
    const line = bad < 0 ? 1 : text.slice(0, bad).split('\n').length;
    return refuseEncoding(line);
  }
}

function refuseEncoding(line: number): never {
  throw new CoreError('INVALID_INPUT', `The file is not UTF-8 text (line ${line} has a character in another encoding); nothing was imported. Save it as "CSV UTF-8" and import it again.`, [
    { path: `line.${line}`, message: `Line ${line}: not UTF-8 text; save the file as CSV UTF-8` },
  ]);
}

function headerName(cell: string): string {
  return cell.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function newlines(record: readonly string[]): number {
  let count = 0;
  for (const cell of record) for (const char of cell) if (char === '\n') count += 1;
  return count;
}

function firstIssue(result: { success: boolean; error?: { issues: readonly { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? 'Invalid';
}

/**
 * Reads a users CSV (RFC 4180, UTF-8, optional BOM, header row first; columns in any order, header
 * names case-insensitive). Every problem is reported with its line number so that a person can fix
 * the file in one go; duplicate usernames inside the file are problems too.
 */
export function parseUserCsv(text: string): ParsedUserCsv {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse yields { record, info } objects; its typings only know plain arrays.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 64 * 1024 }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { users: [], problems: [{ line, column: '', message: `The file is not valid CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { users: [], problems: [{ line: 1, column: '', message: 'The file is empty; it needs a header row and one row per user.' }] };

  const problems: CsvProblem[] = [];
  const [header, ...rows] = records;
  const names = header!.record.map(headerName);
  const headerLine = header!.info.lines - newlines(header!.record);
  const index = new Map<ImportColumn, number>();
  names.forEach((name, position) => {
    if (!(userCsvImportColumns as readonly string[]).includes(name)) {
      problems.push({ line: headerLine, column: name, message: `Unknown column "${header!.record[position]}"; the columns are: ${userCsvImportColumns.join(', ')}` });
    } else if (index.has(name as ImportColumn)) {
      problems.push({ line: headerLine, column: name, message: `The column "${name}" appears twice` });
    } else {
      index.set(name as ImportColumn, position);
    }
  });
  for (const required of requiredColumns) {
    if (!index.has(required)) problems.push({ line: headerLine, column: required, message: `The required column "${required}" is missing` });
  }
  if (problems.length > 0) return { users: [], problems };
  if (rows.length === 0) return { users: [], problems: [{ line: headerLine + 1, column: '', message: 'The file has a header but no users.' }] };
  if (rows.length > MAX_IMPORT_ROWS) {
    return { users: [], problems: [{ line: headerLine, column: '', message: `The file has ${rows.length} users; import at most ${MAX_IMPORT_ROWS} at a time.` }] };
  }

  const users: ImportedUser[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines - newlines(record);
    if (record.length !== names.length) {
      problems.push({ line, column: '', message: `Expected ${names.length} fields, found ${record.length}` });
      continue;
    }
    const cell = (column: ImportColumn): string | undefined => {
      const position = index.get(column);
      return position === undefined ? undefined : record[position];
    };
    const optional = (column: ImportColumn): string | null => {
      const value = cell(column)?.trim();
      return value ? value : null;
    };
    const rowProblems: CsvProblem[] = [];
    const check = <T>(column: ImportColumn, result: { success: true; data: T } | { success: false; error: { issues: readonly { message: string }[] } }): T | undefined => {
      if (result.success) return result.data;
      rowProblems.push({ line, column, message: firstIssue(result) });
      return undefined;
    };

    const username = check('username', userFieldSchemas.username.safeParse(cell('username') ?? ''));
    const password = check('password', userFieldSchemas.password.safeParse(cell('password') ?? ''));
    const fullName = check('full_name', userFieldSchemas.fullName.safeParse(cell('full_name') ?? ''));
    const role = check('role', userFieldSchemas.role.safeParse((optional('role') ?? 'learner').toLowerCase()));
    const yearText = optional('birth_year');
    let birthYear: number | null | undefined = null;
    if (yearText !== null) {
      if (/^\d{4}$/.test(yearText)) birthYear = check('birth_year', userFieldSchemas.birthYear.safeParse(Number(yearText)));
      else rowProblems.push({ line, column: 'birth_year', message: 'A four-digit year, or empty' });
    }
    const gender = check('gender', userFieldSchemas.gender.safeParse(optional('gender')?.toLowerCase() ?? null));
    const idNumber = check('id_number', userFieldSchemas.idNumber.safeParse(optional('id_number')));

    if (username !== undefined) {
      // Compared the way the facility compares them: by key, and by look-alike skeleton.
      const key = `k\u0000${usernameKey(username)}`;
      const look = `s\u0000${usernameSkeleton(username)}`;
      const same = firstLineOf.get(key);
      const alike = firstLineOf.get(look);
      if (same !== undefined) rowProblems.push({ line, column: 'username', message: `The username "${username}" also appears on line ${same}` });
      else if (alike !== undefined) rowProblems.push({ line, column: 'username', message: `The username "${username}" looks like the one on line ${alike}` });
      else {
        firstLineOf.set(key, line);
        firstLineOf.set(look, line);
      }
    }
    if (rowProblems.length > 0) {
      problems.push(...rowProblems);
      continue;
    }
    users.push(
      Object.freeze({ line, username: username!, password: password!, fullName: fullName!, role: role!, birthYear: birthYear ?? null, gender: gender ?? null, idNumber: idNumber ?? null }),
    );
  }
  return { users: problems.length > 0 ? [] : users, problems };
}

// A spreadsheet runs a cell starting with one of these as a formula; a full name must never do that.
function inert(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

/**
 * Writes users as CSV with a header row (`userCsvExportColumns`), ready for a spreadsheet. Names
 * can no longer hold line breaks, but older rows (and peers' rows) may: every field with a CR or LF
 * is quoted, or a spreadsheet would start a new row there and run what follows as a formula.
 */
export function formatUserCsv(users: readonly FacilityUserRecord[]): string {
  return stringify(
    users.map((user) => [inert(user.username), inert(user.fullName), user.kind, user.birthYear ?? '', user.gender ?? '', inert(user.idNumber ?? '')]),
    { header: true, columns: [...userCsvExportColumns], record_delimiter: '\r\n', quoted_match: /[\r\n]/ },
  );
}
