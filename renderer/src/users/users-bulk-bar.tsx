import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../../core/contract/users.js';
import type { UsersViewKind } from './users-view.js';

/** Props of the bulk bar. */
export interface UsersBulkBarProps {
  readonly view: UsersViewKind;
  readonly selection: readonly UserDto[];
  /** How many users the list holds, once it has loaded: "select all N" offers the rest. */
  readonly total: number | null;
  readonly filtering: boolean;
  /** A page action runs: the buttons that call the server wait for it. */
  readonly busy: boolean;
  readonly onRemove: (users: readonly UserDto[]) => void;
  readonly onRestore: (users: readonly UserDto[]) => void;
  readonly onSelectAll: () => void;
  readonly onClear: () => void;
}

/** What can be done to the selected users at once; nothing while none is selected. */
export function UsersBulkBar({ view, selection, total, filtering, busy, onRemove, onRestore, onSelectAll, onClear }: UsersBulkBarProps) {
  const { t } = useTranslation();
  if (selection.length === 0) return null;
  return (
    <div className="bulk-bar" role="region" aria-label={t('users.bulkLabel')}>
      <span data-testid="selection-count">{t('users.selected', { count: selection.length })}</span>
      {view === 'active' ? (
        <button type="button" className="btn btn-danger-quiet" onClick={() => onRemove(selection)}>
          {t('users.removeSelected')}
        </button>
      ) : (
        <>
          <button type="button" className="btn" onClick={() => onRestore(selection)} disabled={busy}>
            {t('users.restoreSelected')}
          </button>
          <button type="button" className="btn btn-danger-quiet" onClick={() => onRemove(selection)}>
            {t('users.deleteSelected')}
          </button>
        </>
      )}
      {total !== null && selection.length < total && (
        <button type="button" className="btn btn-quiet" onClick={onSelectAll} disabled={busy}>
          {filtering ? t('users.selectAllMatching', { count: total }) : t('users.selectAll', { count: total })}
        </button>
      )}
      <button type="button" className="btn btn-quiet" onClick={onClear}>
        {t('users.clearSelection')}
      </button>
    </div>
  );
}
