import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import type { ClassDto } from '../../../core/contract/classes.js';
import { Dialog } from '../ui/dialog.js';
import { useAction } from '../ui/use-action.js';

/** Confirms deleting a class; its learners and coaches stay users of the facility. */
export function DeleteClassDialog({ classroom, onDeleted, onClose }: { readonly classroom: ClassDto; readonly onDeleted: () => void; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, run } = useAction();

  const confirm = () =>
    run(async () => {
      await api.classes.remove(classroom.id);
      onDeleted();
    });

  return (
    <Dialog title={t('classes.deleteTitle', { name: classroom.name })} onClose={onClose} busy={busy}>
      <p>{t('classes.deleteConsequence', { learners: classroom.learnerCount, coaches: classroom.coachCount })}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy}>
          {t('classes.delete')}
        </button>
      </div>
    </Dialog>
  );
}
