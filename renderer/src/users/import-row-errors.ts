import type { FieldError } from '../../../core/contract/error-body.js';

/** One problem of an import, on a line of the file when the server said which. */
export interface ImportRowError {
  readonly line: number | null;
  readonly column: string | null;
  readonly message: string;
}

/**
 * Reads the server's per-row errors from `details`. The path names the line and column of the file
 * (`line.12.username`, `line.7`); the message may repeat them ("Line 12, username: …"), which is cut
 * so the UI can say "line" in the reader's language. Anything else is kept as a file-level message.
 */
export function importRowErrors(details: readonly FieldError[]): ImportRowError[] {
  return details
    .map((detail) => {
      const match = /^(?:lines?[.:\s]*)?(\d+)(?:[.:\s]+(.+))?$/i.exec(detail.path.trim());
      if (!match) return { line: null, column: detail.path || null, message: detail.message };
      const message = detail.message.replace(/^line\s+\d+(?:,\s*[^:]+)?:\s*/i, '');
      return { line: Number(match[1]), column: match[2] ?? null, message };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
