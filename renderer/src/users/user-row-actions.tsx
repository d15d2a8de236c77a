import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../../core/contract/users.js';
import type { UsersViewKind } from './users-view.js';

/** Props of one row's actions. */
export interface UserRowActionsProps {
  readonly view: UsersViewKind;
  readonly user: UserDto;
  /** The signed-in admin's own row: they may edit themselves, not remove themselves. */
  readonly isSelf: boolean;
  readonly busy: boolean;
  readonly onEdit: (user: UserDto) => void;
  readonly onRemove: (users: readonly UserDto[]) => void;
  readonly onRestore: (users: readonly UserDto[]) => void;
}

/** A user's row actions: edit and remove them, or (once removed) restore or delete them for good. */
export function UserRowActions({ view, user, isSelf, busy, onEdit, onRemove, onRestore }: UserRowActionsProps) {
  const { t } = useTranslation();
  const name = user.fullName || user.username;
  if (view === 'removed') {
    return (
      <>
        <button type="button" className="btn btn-small" aria-label={t('users.restoreLabel', { name })} onClick={() => onRestore([user])} disabled={busy}>
          {t('users.restore')}
        </button>
        <button type="button" className="btn btn-small btn-danger-quiet" aria-label={t('users.deletePermanentlyLabel', { name })} onClick={() => onRemove([user])}>
          {t('users.deletePermanently')}
        </button>
      </>
    );
  }
  return (
    <>
      <button type="button" className="btn btn-small" aria-label={t('users.editLabel', { name })} onClick={() => onEdit(user)}>
        {t('common.edit')}
      </button>
      {!isSelf && (
        <button type="button" className="btn btn-small btn-danger-quiet" aria-label={t('users.removeLabel', { name })} onClick={() => onRemove([user])}>
          {t('users.removeAction')}
        </button>
      )}
    </>
  );
}
