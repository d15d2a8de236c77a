import { useTranslation } from 'react-i18next';
import type { ImportRowError } from './import-row-errors.js';
import type { CsvPreview } from './parse-csv-preview.js';

/** Rows shown in the preview table; the count covers the whole file. */
const PREVIEW_ROWS = 8;

/** The first rows of a chosen file, and every row the server refused, each with its line number. */
export function ImportPreviewTable({ fileName, preview, errors }: { readonly fileName: string; readonly preview: CsvPreview; readonly errors: readonly ImportRowError[] }) {
  const { t } = useTranslation();
  const badLines = new Set(errors.map((each) => each.line));
  // Show the first rows, plus any row the server refused, so each error can be seen in context.
  const shown = preview.rows.filter((row, index) => index < PREVIEW_ROWS || badLines.has(row.line)).slice(0, PREVIEW_ROWS + 20);
  const passwordColumns = new Set(preview.columns.map((column, index) => (/password/i.test(column) ? index : -1)));
  return (
    <div className="import-preview">
      <p data-testid="import-summary">{t('users.import.summary', { count: preview.rows.length, file: fileName })}</p>
      <div className="table-scroll table-scroll-short">
        <table className="table table-compact">
          <caption className="visually-hidden">{t('users.import.previewCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('users.import.line')}</th>
              {preview.columns.map((column, index) => (
                <th scope="col" key={index}>
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.line} className={badLines.has(row.line) ? 'row-error' : undefined}>
                <td>{row.line}</td>
                {preview.columns.map((_, index) => (
                  // Passwords are not echoed on screen, even from the admin's own file.
                  <td key={index}>{passwordColumns.has(index) && row.values[index] ? '••••••' : row.values[index] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.rows.length > shown.length && <p className="muted small">{t('users.import.moreRows', { count: preview.rows.length - shown.length })}</p>}
    </div>
  );
}
