import { useTranslation } from 'react-i18next';
import type { UserRole } from '../../../core/contract/users.js';

/** The search and role filter the admin typed (the search is sent once typing pauses). */
export interface UserFilters {
  readonly search: string;
  readonly role: UserRole | 'all';
}

/** No search, every role. */
export const noUserFilters: UserFilters = Object.freeze({ search: '', role: 'all' });

/** Props of the users toolbar. */
export interface UsersToolbarProps {
  readonly filters: UserFilters;
  readonly onFiltersChange: (filters: UserFilters) => void;
  /** How many users the list holds, once it has loaded. */
  readonly total: number | null;
  /** A search or filter is in effect, so the count says "match". */
  readonly filtering: boolean;
  readonly refreshing: boolean;
}

/** Search, role filter and the count of users they match. */
export function UsersToolbar({ filters, onFiltersChange, total, filtering, refreshing }: UsersToolbarProps) {
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="search">
      <div className="toolbar-field toolbar-search">
        <label htmlFor="user-search">{t('users.search')}</label>
        <input
          id="user-search"
          type="search"
          value={filters.search}
          placeholder={t('users.searchPlaceholder')}
          onChange={(event) => onFiltersChange({ ...filters, search: event.target.value })}
          autoComplete="off"
        />
      </div>
      <div className="toolbar-field">
        <label htmlFor="user-role">{t('users.roleFilter')}</label>
        <select id="user-role" value={filters.role} onChange={(event) => onFiltersChange({ ...filters, role: event.target.value as UserRole | 'all' })}>
          <option value="all">{t('users.allRoles')}</option>
          <option value="learner">{t('roles.learnerPlural')}</option>
          <option value="coach">{t('roles.coachPlural')}</option>
          <option value="admin">{t('roles.adminPlural')}</option>
        </select>
      </div>
      <p className="toolbar-count" aria-live="polite" data-testid="users-count">
        {total !== null && (filtering ? t('users.countMatching', { count: total }) : t('users.count', { count: total }))}
        {refreshing && <span className="spinner spinner-small" aria-hidden="true" />}
      </p>
    </div>
  );
}
