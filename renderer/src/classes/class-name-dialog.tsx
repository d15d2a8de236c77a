import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error.js';
import { describeError } from '../ui/describe-error.js';
import { Dialog } from '../ui/dialog.js';
import { FormField } from '../ui/form-field.js';

/** Asks for a new class's name. */
export function ClassNameDialog({ onSave, onClose }: { readonly onSave: (name: string) => Promise<unknown>; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (name.trim() === '') {
      setError(t('classes.errors.nameRequired'));
      return;
    }
    setBusy(true);
    setError(undefined);
    setFormError(null);
    try {
      await onSave(name.trim());
    } catch (caught) {
      setBusy(false);
      const fieldMessage = caught instanceof ApiError ? caught.fieldError('name') : undefined;
      if (fieldMessage) setError(fieldMessage);
      else setFormError(describeError(t, caught));
    }
  }

  return (
    <Dialog title={t('classes.createTitle')} onClose={onClose} busy={busy}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <FormField label={t('classes.name')} error={error}>
          {(control) => <input {...control} autoFocus value={name} onChange={(event) => setName(event.target.value)} required />}
        </FormField>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('classes.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
