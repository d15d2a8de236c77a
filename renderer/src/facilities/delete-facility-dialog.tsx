import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import type { FacilityDto } from '../../../core/contract/facilities.js';
import { useApiQuery } from '../api/use-api-query.js';
import { Dialog } from '../ui/dialog.js';
import { ErrorState } from '../ui/error-state.js';
import { LoadingState } from '../ui/loading-state.js';
import { useAction } from '../ui/use-action.js';

/** Props of the delete-facility confirmation. */
export interface DeleteFacilityDialogProps {
  readonly facility: FacilityDto;
  readonly onDeleted: () => void;
  readonly onClose: () => void;
}

/**
 * Confirms deleting a facility, naming how many users go with it: they are removed and signed out
 * on every device, so the admin sees the real number before deciding, not a generic warning.
 */
export function DeleteFacilityDialog({ facility, onDeleted, onClose }: DeleteFacilityDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const { busy, error, run } = useAction();
  // Counted afresh when the dialog opens: the list may be minutes old, and this number is the warning.
  const count = useApiQuery(async (signal) => (await api.facilities.get(facility.id, signal)).userCount, [api, facility.id]);

  const confirm = () =>
    run(async () => {
      await api.facilities.remove(facility.id);
      onDeleted();
    });

  return (
    <Dialog title={t('facilities.deleteTitle', { name: facility.name })} onClose={onClose} busy={busy}>
      {count.status === 'loading' && <LoadingState label={t('facilities.countingUsers')} />}
      {count.status === 'error' && <ErrorState error={count.error} onRetry={count.reload} />}
      {count.status === 'success' && (
        <p className="danger-text" data-testid="delete-facility-consequence">
          {count.data === 0 ? t('facilities.deleteNoUsers') : t('facilities.deleteConsequence', { count: count.data, name: facility.name })}
        </p>
      )}
      <p>{t('common.cannotUndo')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy || count.status !== 'success'}>
          {count.status === 'success' && count.data > 0 ? t('facilities.deleteConfirm', { count: count.data }) : t('facilities.deleteOnly')}
        </button>
      </div>
    </Dialog>
  );
}
