import { useEffect, useRef, useState } from 'react';
import type { ImportJobDto } from '../../../core/contract/import-jobs.js';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { ApiError } from '../api/api-error.js';
import { describeError } from '../ui/describe-error.js';
import { Dialog } from '../ui/dialog.js';
import { fieldErrorText } from '../ui/field-error-text.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
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
  /** A job already running (the page came back to it): the dialog opens on its progress. */
  readonly resume?: ImportJobDto;
}

/** How often a running import's progress is read. */
const PROGRESS_POLL_MS = 500;

type Stage =
  | { readonly kind: 'choose'; readonly problem: CsvPreviewProblem | null }
  | { readonly kind: 'preview'; readonly fileName: string; readonly text: string; readonly preview: CsvPreview }
  | { readonly kind: 'rejected'; readonly fileName: string; readonly preview: CsvPreview; readonly errors: readonly ImportRowError[]; readonly message: string }
  | { readonly kind: 'running'; readonly job: ImportJobDto; readonly fileName?: string; readonly preview?: CsvPreview }
  | { readonly kind: 'cancelled' };

/**
 * CSV import: choose a file, see what is in it, import. The import runs on the server as a job
 * (check, hash the passwords, write) whose progress is shown here, and which can be cancelled
 * until the write starts. The server imports all rows or none; when it refuses, every bad row is
 * listed with its line so the file can be fixed and chosen again.
 */
export function ImportUsersDialog({ facilityId, onImported, onClose, resume }: ImportUsersDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [stage, setStage] = useState<Stage>(resume ? { kind: 'running', job: resume } : { kind: 'choose', problem: null });
  const { busy, error, run, setError } = useAction();
  const runningJobId = stage.kind === 'running' ? stage.job.id : null;
  const whenImported = useRef(onImported);
  whenImported.current = onImported;

  // Follows a running job until it ends.
  useEffect(() => {
    if (runningJobId === null) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = async () => {
      try {
        const job = await api.importJobs.get(runningJobId, controller.signal);
        if (controller.signal.aborted) return;
        if (job.status === 'completed') return whenImported.current(job.created ?? 0);
        if (job.status === 'cancelled') return setStage({ kind: 'cancelled' });
        if (job.status === 'failed') {
          const failure = job.error;
          const previous = stage.kind === 'running' ? stage : undefined;
          if (failure?.code === 'INVALID_INPUT' && previous?.preview && previous.fileName) {
            setStage({ kind: 'rejected', fileName: previous.fileName, preview: previous.preview, errors: importRowErrors(failure.details ?? []), message: failure.message });
          } else {
            // A job this page came back to has no preview to mark rows in: say what the server said.
            setStage({ kind: 'choose', problem: null });
            setError(failure?.message ?? t('errors.unexpected'));
          }
          return;
        }
        setStage((previous) => (previous.kind === 'running' ? { ...previous, job } : previous));
      } catch (caught) {
        if (controller.signal.aborted) return;
        setError(describeError(t, caught));
      }
      timer = setTimeout(() => void follow(), PROGRESS_POLL_MS);
    };
    void follow();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
    // Only a new job id restarts the follow; `stage` is read for the file's preview when it fails.
  }, [runningJobId, api, t]);

  async function cancelJob(job: ImportJobDto) {
    setError(null);
    try {
      const answer = await api.importJobs.cancel(job.id);
      if (answer.status === 'cancelled') setStage({ kind: 'cancelled' });
    } catch (caught) {
      // Too late (the write started): the job finishes and the dialog follows it.
      setError(describeError(t, caught));
    }
  }

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

  function importFile() {
    if (stage.kind !== 'preview') return;
    const { fileName, preview, text } = stage;
    void run(
      async () => {
        const job = await api.importJobs.start(facilityId, text);
        setStage({ kind: 'running', job, fileName, preview });
      },
      {
        describe: (caught, message) => {
          if (!(caught instanceof ApiError && caught.code === 'INVALID_INPUT')) return message;
          setStage({ kind: 'rejected', fileName, preview, errors: importRowErrors(caught.details).map((each) => ({ ...each, message: fieldErrorText(t, each.message) })), message: caught.message });
          return null;
        },
      },
    );
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
      {stage.kind === 'cancelled' && (
        <p role="status" data-testid="import-cancelled">
          {t('users.import.cancelled')}
        </p>
      )}
      {stage.kind === 'running' && (
        <div className="import-progress" data-testid="import-progress">
          <progress aria-label={t('users.import.progressLabel')} value={stage.job.done} max={Math.max(stage.job.total, 1)} />
          <p role="status">
            {stage.job.status === 'validating'
              ? t('users.import.checking')
              : stage.job.status === 'writing'
                ? t('users.import.writing', { total: stage.job.total })
                : t('users.import.hashing', { done: stage.job.done, total: stage.job.total })}
          </p>
          <p className="muted small">{t('users.import.runsOn')}</p>
        </div>
      )}
      {(stage.kind === 'preview' || stage.kind === 'rejected') && <ImportPreviewTable fileName={stage.fileName} preview={stage.preview} errors={stage.kind === 'rejected' ? stage.errors : []} />}
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
      {(stage.kind === 'preview' || stage.kind === 'rejected' || stage.kind === 'cancelled') && filePicker}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        {stage.kind === 'running' ? (
          <button type="button" className="btn" onClick={() => void cancelJob(stage.job)} disabled={stage.job.status === 'writing'}>
            {t('users.import.cancelImport')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
        )}
        {stage.kind === 'preview' && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={importFile}
            disabled={busy || stage.preview.missingColumns.length > 0}
          >
            {busy ? t('users.import.importing') : t('users.import.submit', { count: stage.preview.rows.length })}
          </button>
        )}
      </div>
    </Dialog>
  );
}
