import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserDto, UserSortKey } from '../../../core/contract/users.js';
import type { UserSort } from '../api/users-api.js';
import type { UserPages } from './use-user-pages.js';

/** Height of one row in pixels; fixed so the virtualiser never has to measure. */
const ROW_HEIGHT = 48;

/** Props of the users table. */
export interface UsersTableProps {
  readonly pages: UserPages;
  readonly sort: UserSort;
  readonly onSort: (sort: UserSort) => void;
  readonly selected: ReadonlyMap<string, UserDto>;
  readonly onToggle: (user: UserDto, selected: boolean) => void;
  readonly onToggleAll: (users: readonly UserDto[], selected: boolean) => void;
  /** The actions of one row (edit, remove, restore…). */
  readonly renderActions: (user: UserDto) => ReactNode;
  readonly currentUserId: string;
}

/**
 * The users table, virtualised: only the rows in view (plus a few) are in the DOM, with spacer rows
 * above and below, so it scrolls smoothly through 10,000 users while staying a real `<table>` for
 * screen readers (`aria-rowcount` / `aria-rowindex` tell them the full size).
 */
export function UsersTable({ pages, sort, onSort, selected, onToggle, onToggleAll, renderActions, currentUserId }: UsersTableProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: pages.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  // A new search, filter or sort starts at the top of its results, not where the old list was.
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [pages.key]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (pages.total > 0) pages.ensureRange(first, last);
  }, [first, last, pages]);

  const loaded = pages.loadedRows();
  const selectedLoaded = loaded.filter((user) => selected.has(user.id)).length;
  const allLoadedSelected = loaded.length > 0 && selectedLoaded === loaded.length;
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  const header = (field: UserSortKey, label: string) => {
    const active = sort.field === field;
    const nextDirection = active && sort.direction === 'asc' ? 'desc' : 'asc';
    return (
      <th scope="col" aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'} className={`col-${field}`}>
        <button type="button" className="sort-button" onClick={() => onSort({ field, direction: nextDirection })}>
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="table-scroll users-scroll" ref={scrollRef} data-testid="users-scroll">
      <table className="table users-table" aria-rowcount={pages.total + 1} data-testid="users-table">
        <caption className="visually-hidden">{t('users.tableCaption', { count: pages.total })}</caption>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="col-select">
              <input
                type="checkbox"
                aria-label={t('users.selectAllLoaded')}
                checked={allLoadedSelected}
                ref={(element) => {
                  if (element) element.indeterminate = selectedLoaded > 0 && !allLoadedSelected;
                }}
                onChange={(event) => onToggleAll(loaded, event.target.checked)}
              />
            </th>
            {header('fullName', t('users.fields.fullName'))}
            {header('username', t('users.fields.username'))}
            {header('kind', t('users.fields.role'))}
            <th scope="col" className="col-actions">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr className="spacer" aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={5} />
            </tr>
          )}
          {items.map((item) => {
            const user = pages.rowAt(item.index);
            if (!user) {
              return (
                <tr key={`placeholder-${item.index}`} className="row-placeholder" aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                  <td colSpan={5}>
                    <span className="skeleton" />
                    <span className="visually-hidden">{t('common.loading')}</span>
                  </td>
                </tr>
              );
            }
            const isSelected = selected.has(user.id);
            return (
              <tr
                key={user.id}
                aria-rowindex={item.index + 2}
                aria-selected={isSelected}
                className={isSelected ? 'row-selected' : undefined}
                style={{ height: ROW_HEIGHT }}
                data-testid="user-row"
                data-username={user.username}
              >
                <td className="col-select">
                  <input
                    type="checkbox"
                    aria-label={t('users.selectUser', { name: user.fullName || user.username })}
                    checked={isSelected}
                    onChange={(event) => onToggle(user, event.target.checked)}
                  />
                </td>
                <td className="col-fullName cell-text">
                  {user.fullName}
                  {user.id === currentUserId && <span className="badge badge-you">{t('users.you')}</span>}
                </td>
                <td className="col-username cell-text">{user.username}</td>
                <td className="col-kind">
                  <span className={`badge badge-${user.isSuperuser ? 'superuser' : user.kind}`}>
                    {user.isSuperuser ? t('roles.superuser') : t(`roles.${user.kind}`)}
                  </span>
                </td>
                <td className="col-actions row-actions">{renderActions(user)}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr className="spacer" aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={5} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
