import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { ImportJobDto } from '../../../core/contract/import-jobs.js';
import type { UserDto } from '../../../core/contract/users.js';
import { useApi } from '../api/api-context.js';
import type { UserQuery, UserSort } from '../api/users-api.js';
import { useSession, useSignInSession } from '../auth/session-context.js';
import { useFacility } from '../facilities/facility-context.js';
import { describeError } from '../ui/describe-error.js';
import { EmptyState } from '../ui/empty-state.js';
import { ErrorState } from '../ui/error-state.js';
import { LoadingState } from '../ui/loading-state.js';
import { PageHeader } from '../ui/page-header.js';
import { useAction } from '../ui/use-action.js';
import { useDebouncedValue } from '../ui/use-debounced-value.js';
import { ImportUsersDialog } from './import-users-dialog.js';
import { RemoveUsersDialog } from './remove-users-dialog.js';
import { exportFileName, saveFile } from './save-file.js';
import { useUserPages } from './use-user-pages.js';
import { UserFormDialog } from './user-form-dialog.js';
import { UserRowActions } from './user-row-actions.js';
import { emptySelection, userSelectionReducer } from './user-selection.js';
import { UsernameClashNotice } from './username-clash-notice.js';
import { UsersBulkBar } from './users-bulk-bar.js';
import { UsersTable } from './users-table.js';
import { noUserFilters, UsersToolbar, type UserFilters } from './users-toolbar.js';
import { usersViews, type UsersViewKind } from './users-view.js';

/** How long typing pauses before the search is sent. */
const SEARCH_DEBOUNCE_MS = 250;
/** Page size when collecting every matching user for "select all" (the API's largest page). */
const SELECT_ALL_PAGE_SIZE = 1000;

type OpenDialog =
  | { readonly kind: 'create' }
  | { readonly kind: 'edit'; readonly user: UserDto }
  | { readonly kind: 'remove'; readonly users: readonly UserDto[] }
  | { readonly kind: 'import'; readonly resume?: ImportJobDto }
  | null;

/** The users of a facility (`view="active"`) or its removed users (`view="removed"`). */
export function UsersPage({ view: viewKind }: { readonly view: UsersViewKind }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const signInSession = useSignInSession();
  const { facilityId, facility } = useFacility();
  const view = usersViews[viewKind];
  const [filters, setFilters] = useState<UserFilters>(noUserFilters);
  const [sort, setSort] = useState<UserSort>({ field: 'fullName', direction: 'asc' });
  const [selected, select] = useReducer(userSelectionReducer, emptySelection);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState('');
  // Restore, "select all" and export: one at a time, with one error line.
  const action = useAction();
  const debouncedSearch = useDebouncedValue(filters.search, SEARCH_DEBOUNCE_MS);
  const { role } = filters;
  const query = useMemo<UserQuery>(() => ({ search: debouncedSearch, role, deleted: view.deleted, sort }), [debouncedSearch, role, view, sort]);
  const pages = useUserPages(facilityId, query);
  const currentUserId = session.status === 'signed-in' ? session.user.id : '';
  const base = `/facilities/${encodeURIComponent(facilityId)}/users`;

  // Coming back to the page while an import runs (it runs on the server): show its progress again.
  useEffect(() => {
    if (!view.addsUsers) return;
    const controller = new AbortController();
    api.importJobs.latest(facilityId, controller.signal).then(
      (job) => {
        if (!controller.signal.aborted && job.finishedAt === undefined) setDialog((open) => open ?? { kind: 'import', resume: job });
      },
      () => {
        // None ran, or the user may not import here: nothing to show.
      },
    );
    return () => controller.abort();
  }, [api, facilityId, view]);

  const toggle = useCallback((user: UserDto, on: boolean) => select({ type: 'toggle', users: [user], on }), []);
  const toggleAll = useCallback((users: readonly UserDto[], on: boolean) => select({ type: 'toggle', users, on }), []);

  function afterChange(message: string, changedIds: readonly string[] = []) {
    setDialog(null);
    setStatus(message);
    action.setError(null);
    select({ type: 'drop', ids: changedIds });
    pages.reload();
  }

  const restore = (users: readonly UserDto[]) =>
    action.run(
      async () => {
        if (users.length === 1 && users[0]) await api.users.restore(users[0].id);
        else await api.users.bulkRestore(users.map((user) => user.id));
        afterChange(t('users.restored', { count: users.length }), users.map((user) => user.id));
      },
      {
        describe: (_caught, message) => {
          // Part of a bulk restore may have gone through: the list shows how things stand.
          pages.reload();
          return message;
        },
      },
    );

  /** Selects every user the current search and filter match, not only the rows loaded so far. */
  const selectAllMatching = () =>
    action.run(async () => {
      const all: UserDto[] = [];
      for (let page = 1; ; page++) {
        const answer = await api.users.list(facilityId, query, page, SELECT_ALL_PAGE_SIZE);
        all.push(...answer.items);
        if (answer.items.length === 0 || all.length >= answer.total) break;
      }
      toggleAll(all, true);
    });

  const exportCsv = () =>
    action.run(async () => {
      const blob = await api.users.exportCsv(facilityId);
      saveFile(blob, exportFileName(facility?.name ?? facilityId, new Date()));
      setStatus(t('users.exported'));
    });

  const remove = (users: readonly UserDto[]) => setDialog({ kind: 'remove', users });
  const renderActions = (user: UserDto) => (
    <UserRowActions
      view={view.kind}
      user={user}
      isSelf={user.id === currentUserId}
      busy={action.busy}
      onEdit={(edited) => setDialog({ kind: 'edit', user: edited })}
      onRemove={remove}
      onRestore={(users) => void restore(users)}
    />
  );

  const filtering = debouncedSearch.trim() !== '' || role !== 'all';
  const total = pages.status === 'ready' ? pages.total : null;

  return (
    <section aria-labelledby="users-title" className="users-page">
      <PageHeader title={t(view.title)} titleId="users-title">
        {view.addsUsers && (
          <>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'import' })}>
              {t('users.import.open')}
            </button>
            <button type="button" className="btn" onClick={() => void exportCsv()} disabled={action.busy}>
              {t('users.export')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
              {t('users.new')}
            </button>
          </>
        )}
      </PageHeader>
      {view.addsUsers && <UsernameClashNotice facilityId={facilityId} version={status} />}
      <nav className="subtabs" aria-label={t('users.viewsLabel')}>
        <NavLink to={base} end>
          {t('users.activeView')}
        </NavLink>
        <NavLink to={`${base}/removed`}>{t('users.removedView')}</NavLink>
      </nav>
      <UsersToolbar filters={filters} onFiltersChange={setFilters} total={total} filtering={filtering} refreshing={pages.refreshing} />
      <UsersBulkBar
        view={view.kind}
        selection={[...selected.values()]}
        total={total}
        filtering={filtering}
        busy={action.busy}
        onRemove={remove}
        onRestore={(users) => void restore(users)}
        onSelectAll={() => void selectAllMatching()}
        onClear={() => select({ type: 'clear' })}
      />
      <p className="status-line" role="status" data-testid="users-status">
        {status}
      </p>
      {action.error && (
        <p className="form-error" role="alert">
          {action.error}
        </p>
      )}
      {pages.status === 'loading' && <LoadingState label={t('users.loading')} />}
      {pages.status === 'error' && <ErrorState error={pages.error} onRetry={pages.reload} />}
      {pages.status === 'ready' && pages.total === 0 && (
        <EmptyState title={filtering ? t('users.noMatch') : t(view.empty)}>
          {filtering ? (
            <button type="button" className="btn" onClick={() => setFilters(noUserFilters)}>
              {t('users.clearFilters')}
            </button>
          ) : view.emptyHint ? (
            <p>{t(view.emptyHint)}</p>
          ) : null}
        </EmptyState>
      )}
      {pages.status === 'ready' && pages.total > 0 && (
        <>
          {pages.pageError && (
            <div className="inline-error" role="alert">
              <span>{describeError(t, pages.pageError)}</span>
              <button type="button" className="btn btn-small" onClick={pages.reload}>
                {t('common.retry')}
              </button>
            </div>
          )}
          <UsersTable
            pages={pages}
            sort={sort}
            onSort={setSort}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            renderActions={renderActions}
            currentUserId={currentUserId}
          />
        </>
      )}
      {dialog?.kind === 'create' && (
        <UserFormDialog
          facilityId={facilityId}
          onClose={() => setDialog(null)}
          onSaved={(user) => afterChange(t('users.created', { name: user.fullName || user.username }))}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormDialog
          facilityId={facilityId}
          user={dialog.user}
          onClose={() => setDialog(null)}
          onSaved={(user) => {
            select({ type: 'updated', user });
            signInSession.userUpdated(user);
            afterChange(t('users.saved', { name: user.fullName || user.username }));
          }}
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemoveUsersDialog
          users={dialog.users}
          view={view.kind}
          onClose={() => setDialog(null)}
          onDone={({ count, permanent }) =>
            afterChange(
              permanent ? t('users.deletedPermanently', { count }) : t('users.removed', { count }),
              dialog.users.map((user) => user.id),
            )
          }
        />
      )}
      {dialog?.kind === 'import' && (
        <ImportUsersDialog facilityId={facilityId} resume={dialog.resume} onClose={() => setDialog(null)} onImported={(count) => afterChange(t('users.imported', { count }))} />
      )}
    </section>
  );
}
