import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDto } from '../../../core/contract/users.js';
import { useApi } from '../api/api-context.js';
import { Dialog } from '../ui/dialog.js';
import { useAction } from '../ui/use-action.js';

/** Props of the remove-users dialog. */
export interface RemoveUsersDialogProps {
  readonly users: readonly UserDto[];
  /** `active`: remove (soft) by default, delete permanently on request. `removed`: only delete permanently. */
  readonly view: 'active' | 'removed';
  readonly onDone: (result: { readonly count: number; readonly permanent: boolean }) => void;
  readonly onClose: () => void;
}

/** How many names the dialog lists before "and N more". */
const NAMES_SHOWN = 5;

/**
 * Removing users. The safe choice is the default: *remove* signs them out and hides them, and they can
 * be restored. *Delete permanently* must be chosen explicitly and then confirmed on a second step that
 * says plainly it cannot be undone, so no single slip of the Enter key erases anyone.
 */
export function RemoveUsersDialog({ users, view, onDone, onClose }: RemoveUsersDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [permanent, setPermanent] = useState(view === 'removed');
  const [step, setStep] = useState<'choose' | 'confirm-permanent'>(view === 'removed' ? 'confirm-permanent' : 'choose');
  const { busy, error, run } = useAction();
  const count = users.length;
  const names = users.slice(0, NAMES_SHOWN).map((user) => user.fullName || user.username);

  const remove = (asPermanent: boolean) =>
    run(async () => {
      const ids = users.map((user) => user.id);
      if (ids.length === 1 && ids[0] !== undefined) await api.users.remove(ids[0], asPermanent);
      else await api.users.bulkRemove(ids, asPermanent);
      onDone({ count, permanent: asPermanent });
    });

  const who = (
    <ul className="name-list" aria-label={t('users.remove.whoLabel')}>
      {names.map((name, index) => (
        <li key={`${index}-${name}`}>{name}</li>
      ))}
      {count > NAMES_SHOWN && <li className="muted">{t('users.remove.andMore', { count: count - NAMES_SHOWN })}</li>}
    </ul>
  );
  const errorLine = error && (
    <p className="form-error" role="alert">
      {error}
    </p>
  );

  if (step === 'confirm-permanent') {
    return (
      <Dialog title={t('users.remove.permanentTitle', { count })} onClose={onClose} busy={busy}>
        {who}
        <p className="danger-text">{t('users.remove.permanentWarning', { count })}</p>
        <p>{t('common.cannotUndo')}</p>
        {errorLine}
        <div className="dialog-actions">
          {view === 'active' ? (
            <button type="button" className="btn" onClick={() => setStep('choose')} disabled={busy} autoFocus>
              {t('common.back')}
            </button>
          ) : (
            <button type="button" className="btn" onClick={onClose} disabled={busy} autoFocus>
              {t('common.cancel')}
            </button>
          )}
          <button type="button" className="btn btn-danger" onClick={() => void remove(true)} disabled={busy}>
            {busy ? t('users.remove.deleting') : t('users.remove.permanentConfirm', { count })}
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t('users.remove.title', { count })} onClose={onClose} busy={busy}>
      {who}
      <fieldset className="choice-group">
        <legend>{t('users.remove.how')}</legend>
        <label className="choice">
          <input type="radio" name="remove-kind" checked={!permanent} onChange={() => setPermanent(false)} />
          <span>
            <strong>{t('users.remove.softLabel')}</strong>
            <span className="choice-hint">{t('users.remove.softHint', { count })}</span>
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="remove-kind" checked={permanent} onChange={() => setPermanent(true)} />
          <span>
            <strong>{t('users.remove.permanentLabel')}</strong>
            <span className="choice-hint">{t('users.remove.permanentHint')}</span>
          </span>
        </label>
      </fieldset>
      {errorLine}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </button>
        {permanent ? (
          <button type="button" className="btn btn-danger-quiet" onClick={() => setStep('confirm-permanent')} disabled={busy}>
            {t('users.remove.permanentNext')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => void remove(false)} disabled={busy} autoFocus>
            {busy ? t('users.remove.removing') : t('users.remove.softConfirm', { count })}
          </button>
        )}
      </div>
    </Dialog>
  );
}
