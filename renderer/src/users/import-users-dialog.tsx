import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { ApiError } from '../api/api-error.js';
import { describeError } from '../ui/describe-error.js';
import { Dialog } from '../ui/dialog.js';
import { fieldErrorText } from '../ui/field-error-text.js';
import { FormField } from '../ui/form-field.js';
import { OPTIONAL_IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS } from './import-columns.js';
import { ImportPreviewTable } from './import-preview-table.js';
import { decodeCsvFile } from './decode-csv-file.js';
import { importRowErrors, type ImportRowError } from './import-row-errors.js';
import type { CsvPreview, CsvPreviewProblem } from './parse-csv-preview.js';

/** Props of the import dialog. */
export interface ImportUsersDialogProps {
  readonly facilityId: string;
  readonly onImported: (count: number) => void;
  readonly onClose: () => void;
}

type Stage =
  | { readonly kind: 'choose'; readonly problem: CsvPreviewProblem | null }
  | { readonly kind: 'preview'; readonly fileName: string; readonly text: string; readonly preview: CsvPreview }
  | { readonly kind: 'rejected'; readonly fileName: string; readonly preview: CsvPreview; readonly errors: readonly ImportRowError[]; readonly message: string };

/**
 * CSV import: choose a file, see what is in it, import. The server imports all rows or none; when it
 * refuses, every bad row is listed with its line so the file can be fixed and chosen again.
 */
export function ImportUsersDialog({ facilityId, onImported, onClose }: ImportUsersDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [stage, setStage] = useState<Stage>({ kind: 'choose', problem: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(file: File | undefined) {
    setError(null);
    if (!file) return;
    // The CSV parser is loaded on first use: most visits to the users page never import a file.
    const [bytes, { parseCsvPreview }] = await Promise.all([file.arrayBuffer(), import('./parse-csv-preview.js')]);
    const decoded = decodeCsvFile(bytes);
    if (!decoded.ok) {
      setStage({ kind: 'choose', problem: { kind: 'not-utf8', line: decoded.line } });
      return;
    }
    const { text } = decoded;
    const result = parseCsvPreview(text, REQUIRED_IMPORT_COLUMNS);
    setStage(result.ok ? { kind: 'preview', fileName: file.name, text, preview: result.preview } : { kind: 'choose', problem: result.problem });
  }

  async function importFile() {
    if (stage.kind !== 'preview') return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.users.importCsv(facilityId, stage.text);
      onImported(answer.created);
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.code === 'INVALID_INPUT') {
        setStage({ kind: 'rejected', fileName: stage.fileName, preview: stage.preview, errors: importRowErrors(caught.details).map((each) => ({ ...each, message: fieldErrorText(t, each.message) })), message: caught.message });
      } else {
        setError(describeError(t, caught));
      }
    }
  }

  const filePicker = (
    <FormField
      label={stage.kind === 'choose' ? t('users.import.file') : t('users.import.otherFile')}
      hint={t('users.import.columnsHint', { required: REQUIRED_IMPORT_COLUMNS.join(', '), optional: OPTIONAL_IMPORT_COLUMNS.join(', ') })}
    >
      {(control) => (
        <input
          {...control}
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          onChange={(event) => {
            void choose(event.target.files?.[0]);
            // Choosing the same (fixed) file again must fire change again.
            event.target.value = '';
          }}
        />
      )}
    </FormField>
  );

  return (
    <Dialog title={t('users.import.title')} onClose={onClose} busy={busy} wide>
      {stage.kind === 'choose' && (
        <>
          <p>{t('users.import.intro')}</p>
          {stage.problem && (
            <p className="form-error" role="alert">
              {stage.problem.kind === 'empty' && t('users.import.problemEmpty')}
              {stage.problem.kind === 'no-rows' && t('users.import.problemNoRows')}
              {stage.problem.kind === 'not-utf8' && t('users.import.problemNotUtf8', { line: stage.problem.line })}
              {stage.problem.kind === 'malformed' &&
                (stage.problem.line === null ? t('users.import.problemMalformed') : t('users.import.problemMalformedAt', { line: stage.problem.line }))}
            </p>
          )}
          {filePicker}
        </>
      )}
      {stage.kind !== 'choose' && <ImportPreviewTable fileName={stage.fileName} preview={stage.preview} errors={stage.kind === 'rejected' ? stage.errors : []} />}
      {stage.kind === 'preview' && stage.preview.missingColumns.length > 0 && (
        <p className="form-error" role="alert">
          {t('users.import.missingColumns', { columns: stage.preview.missingColumns.join(', ') })}
        </p>
      )}
      {stage.kind === 'rejected' && (
        <div className="import-errors" role="alert" data-testid="import-errors">
          <p className="danger-text">{t('users.import.rejected', { count: stage.errors.length })}</p>
          <ul>
            {stage.errors.map((each, index) => (
              <li key={index} data-line={each.line ?? undefined}>
                {each.line === null
                  ? each.message
                  : each.column
                    ? t('users.import.rowColumnError', { line: each.line, column: each.column, message: each.message })
                    : t('users.import.rowError', { line: each.line, message: each.message })}
              </li>
            ))}
            {stage.errors.length === 0 && <li>{stage.message}</li>}
          </ul>
        </div>
      )}
      {stage.kind !== 'choose' && filePicker}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </button>
        {stage.kind === 'preview' && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void importFile()}
            disabled={busy || stage.preview.missingColumns.length > 0}
          >
            {busy ? t('users.import.importing') : t('users.import.submit', { count: stage.preview.rows.length })}
          </button>
        )}
      </div>
    </Dialog>
  );
}
