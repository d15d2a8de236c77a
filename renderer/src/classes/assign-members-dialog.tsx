import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDto, UserRole } from '../../../core/contract/users.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { Dialog } from '../ui/dialog.js';
import { EmptyState } from '../ui/empty-state.js';
import { ErrorState } from '../ui/error-state.js';
import { LoadingState } from '../ui/loading-state.js';
import { useAction } from '../ui/use-action.js';
import { useDebouncedValue } from '../ui/use-debounced-value.js';

/** How many matches the picker lists; searching narrows a facility of thousands to a few. */
const PICKER_PAGE_SIZE = 50;

/** Props of the assign dialog. */
export interface AssignMembersDialogProps {
  readonly facilityId: string;
  readonly className: string;
  readonly kind: 'learners' | 'coaches';
  readonly current: readonly UserDto[];
  readonly onSave: (userIds: readonly string[]) => Promise<unknown>;
  readonly onClose: () => void;
}

/**
 * Chooses a class's learners or coaches. Candidates come from a server-side search (never the whole
 * facility at once); the chosen people are listed separately so they stay visible whatever the search.
 */
export function AssignMembersDialog({ facilityId, className, kind, current, onSave, onClose }: AssignMembersDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const [chosen, setChosen] = useState<ReadonlyMap<string, UserDto>>(() => new Map(current.map((user) => [user.id, user])));
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<UserRole | 'all'>(kind === 'learners' ? 'learner' : 'coach');
  const { busy, error, run } = useAction();
  const debounced = useDebouncedValue(search, 250);
  const candidates = useApiQuery(
    (signal) =>
      api.users.list(facilityId, { search: debounced, role, deleted: false, sort: { field: 'fullName', direction: 'asc' } }, 1, PICKER_PAGE_SIZE, signal),
    [api, facilityId, debounced, role],
  );

  const toggle = (user: UserDto, on: boolean) =>
    setChosen((previous) => {
      const next = new Map(previous);
      if (on) next.set(user.id, user);
      else next.delete(user.id);
      return next;
    });

  const save = () => run(() => onSave([...chosen.keys()]));

  const title = kind === 'learners' ? t('classes.assignLearnersTitle', { name: className }) : t('classes.assignCoachesTitle', { name: className });
  return (
    <Dialog title={title} onClose={onClose} busy={busy} wide>
      <div className="picker">
        <div className="picker-search">
          <div className="toolbar">
            <div className="toolbar-field toolbar-search">
              <label htmlFor="member-search">{t('users.search')}</label>
              <input id="member-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} autoComplete="off" autoFocus />
            </div>
            <div className="toolbar-field">
              <label htmlFor="member-role">{t('users.roleFilter')}</label>
              <select id="member-role" value={role} onChange={(event) => setRole(event.target.value as UserRole | 'all')}>
                <option value="all">{t('users.allRoles')}</option>
                <option value="learner">{t('roles.learnerPlural')}</option>
                <option value="coach">{t('roles.coachPlural')}</option>
                <option value="admin">{t('roles.adminPlural')}</option>
              </select>
            </div>
          </div>
          {candidates.status === 'loading' && <LoadingState />}
          {candidates.status === 'error' && <ErrorState error={candidates.error} onRetry={candidates.reload} />}
          {candidates.status === 'success' && candidates.data.items.length === 0 && <EmptyState title={t('users.noMatch')} />}
          {candidates.status === 'success' && candidates.data.items.length > 0 && (
            <fieldset className="picker-list">
              <legend className="visually-hidden">{t('classes.candidates')}</legend>
              {candidates.data.items.map((user) => (
                <label key={user.id} className="picker-item">
                  <input type="checkbox" checked={chosen.has(user.id)} onChange={(event) => toggle(user, event.target.checked)} />
                  <span>{user.fullName}</span>
                  <span className="muted">{user.username}</span>
                </label>
              ))}
              {candidates.data.total > candidates.data.items.length && (
                <p className="muted small">{t('classes.refineSearch', { shown: candidates.data.items.length, count: candidates.data.total })}</p>
              )}
            </fieldset>
          )}
        </div>
        <div className="picker-chosen">
          <h3>{t('classes.chosen', { count: chosen.size })}</h3>
          {chosen.size === 0 ? (
            <p className="muted">{t('classes.noneChosen')}</p>
          ) : (
            <ul className="chip-list">
              {[...chosen.values()].map((user) => (
                <li key={user.id} className="chip">
                  <span>{user.fullName || user.username}</span>
                  <button type="button" className="chip-remove" aria-label={t('classes.unassign', { name: user.fullName || user.username })} onClick={() => toggle(user, false)}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={busy}>
          {busy ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </Dialog>
  );
}
