import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error.js';
import { fieldErrorText } from './field-error-text.js';
import { Dialog } from './dialog.js';
import { FormField } from './form-field.js';
import { useAction } from './use-action.js';

/** The words of a name dialog, already translated. */
export interface NameDialogText {
  readonly title: string;
  readonly label: string;
  readonly submit: string;
  /** Shown under the field when it is left empty. */
  readonly required: string;
}

/** Props of `NameDialog`. */
export interface NameDialogProps {
  readonly text: NameDialogText;
  readonly initialName?: string;
  /** Saves the trimmed name; a rejection with a `name` field error is shown under the field. */
  readonly onSave: (name: string) => Promise<unknown>;
  readonly onClose: () => void;
}

/**
 * Asks for one name (a facility, a class). The server's own field error is shown under the field,
 * anything else above the buttons, and the dialog stays open so nothing typed is lost.
 */
export function NameDialog({ text, initialName = '', onSave, onClose }: NameDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | undefined>();
  const { busy, error: formError, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (name.trim() === '') {
      setError(text.required);
      return;
    }
    setError(undefined);
    void run(() => onSave(name.trim()), {
      describe: (caught, message) => {
        const fieldMessage = caught instanceof ApiError ? caught.fieldError('name') : undefined;
        if (!fieldMessage) return message;
        setError(fieldErrorText(t, fieldMessage));
        return null;
      },
    });
  }

  return (
    <Dialog title={text.title} onClose={onClose} busy={busy}>
      <form onSubmit={submit} noValidate>
        <FormField label={text.label} error={error}>
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
            {text.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
