/** A chosen file's text, or the line of its first byte that is not UTF-8. */
export type DecodedCsvFile = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly line: number };

/**
 * Decodes a chosen CSV file as UTF-8, refusing anything else, as the server does: `File.text()`
 * would turn a Latin-1 "José" into "Jos\uFFFD" and send that, so the wrong name would be imported.
 */
export function decodeCsvFile(bytes: ArrayBuffer): DecodedCsvFile {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const bad = text.indexOf('\uFFFD');
    return { ok: false, line: bad < 0 ? 1 : text.slice(0, bad).split('\n').length };
  }
}
