import { parse } from 'csv-parse/browser/esm/sync';

/** One data row of the file, with the line it starts on as the server will number it. */
export interface CsvPreviewRow {
  readonly line: number;
  readonly values: readonly string[];
}

/** A parsed file, ready to preview before anything is sent. */
export interface CsvPreview {
  /** Header cells as written in the file. */
  readonly columns: readonly string[];
  readonly rows: readonly CsvPreviewRow[];
  /** Required columns the header lacks (in the spelling the app documents). */
  readonly missingColumns: readonly string[];
}

/** Why a file cannot be previewed at all. */
export type CsvPreviewProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'no-rows' }
  | { readonly kind: 'malformed'; readonly line: number | null; readonly message: string }
  /** The file is not UTF-8 (see `decodeCsvFile`); `line` holds its first bad byte. */
  | { readonly kind: 'not-utf8'; readonly line: number };

/** A preview, or the reason there is none. */
export type CsvPreviewResult = { readonly ok: true; readonly preview: CsvPreview } | { readonly ok: false; readonly problem: CsvPreviewProblem };

/** Header names compare without case, spaces, dashes or underscores: "Full name" = "full_name". */
export function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

interface RecordWithInfo {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Parses a CSV file for the import preview with the same CSV library family the server uses, so
 * quoting, BOMs and line numbers agree. It checks only the file's shape (a header with the required
 * columns, at least one row); the server validates every row and reports per-row errors.
 */
export function parseCsvPreview(text: string, requiredColumns: readonly string[]): CsvPreviewResult {
  if (text.trim() === '') return { ok: false, problem: { kind: 'empty' } };
  let records: RecordWithInfo[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, info: true }) as unknown as RecordWithInfo[];
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as { lines: number }).lines : null;
    return { ok: false, problem: { kind: 'malformed', line, message: error instanceof Error ? error.message : String(error) } };
  }
  const [header, ...data] = records;
  if (!header) return { ok: false, problem: { kind: 'empty' } };
  if (data.length === 0) return { ok: false, problem: { kind: 'no-rows' } };
  const present = new Set(header.record.map(normaliseColumn));
  return {
    ok: true,
    preview: {
      columns: header.record,
      rows: data.map((each) => ({ line: each.info.lines, values: each.record })),
      missingColumns: requiredColumns.filter((column) => !present.has(normaliseColumn(column))),
    },
  };
}
