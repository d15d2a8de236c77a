import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { ApiError } from '../api/api-error.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
import { useDeviceStatus } from './device-status-context.js';

/**
 * First run, third way: restore a backup file taken on another device (or this one before it was
 * reinstalled). The server checks the whole file before changing anything; afterwards the device
 * is set up and everyone signs in with the accounts from the backup.
 */
export function RestoreBackupForm() {
  const { t } = useTranslation();
  const api = useApi();
  const device = useDeviceStatus();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const { busy, error: formError, run, setError: setFormError } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    if (!file) {
      setFileError(t('setup.restore.chooseFile'));
      return;
    }
    setFileError(undefined);
    void run(async () => {
      try {
        await api.setup.restore(file);
      } catch (caught) {
        // Someone else set the device up first: it is ready, so go and sign in.
        if (caught instanceof ApiError && caught.code === 'CONFLICT') return device.markProvisioned();
        throw caught;
      }
      // Set up now: the sign-in page takes the accounts from the backup.
      device.markProvisioned();
    });
  }

  return (
    <form onSubmit={submit} noValidate>
      <FormField label={t('setup.restore.file')} hint={t('setup.restore.fileHint')} error={fileError}>
        {(control) => <input {...control} type="file" accept=".outpost-backup,application/octet-stream" onChange={(event) => setFile(event.target.files?.[0] ?? null)} required />}
      </FormField>
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
        {busy ? t('setup.restore.working') : t('setup.restore.submit')}
      </button>
    </form>
  );
}
