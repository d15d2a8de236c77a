import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { ImportJobDto } from '../../../core/contract/import-jobs.js';
import type { UserDto, UserRole } from '../../../core/contract/users.js';
import { useApi } from '../api/api-context.js';
import type { UserQuery, UserSort } from '../api/users-api.js';
import { useSession, useSignInSession } from '../auth/session-context.js';
import { useFacility } from '../facilities/facility-context.js';
import { describeError } from '../ui/describe-error.js';
import { EmptyState } from '../ui/empty-state.js';
import { ErrorState } from '../ui/error-state.js';
import { LoadingState } from '../ui/loading-state.js';
import { PageHeader } from '../ui/page-header.js';
import { useDebouncedValue } from '../ui/use-debounced-value.js';
import { ImportUsersDialog } from './import-users-dialog.js';
import { RemoveUsersDialog } from './remove-users-dialog.js';
import { exportFileName, saveFile } from './save-file.js';
import { useUserPages } from './use-user-pages.js';
import { UserFormDialog } from './user-form-dialog.js';
import { UsernameClashNotice } from './username-clash-notice.js';
import { UsersTable } from './users-table.js';

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
export function UsersPage({ view }: { readonly view: 'active' | 'removed' }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const controller = useSignInSession();
  const { facilityId, facility } = useFacility();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<UserRole | 'all'>('all');
  const [sort, setSort] = useState<UserSort>({ field: 'fullName', direction: 'asc' });
  const [selected, setSelected] = useState<ReadonlyMap<string, UserDto>>(new Map());
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const debouncedSearch = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const query = useMemo<UserQuery>(() => ({ search: debouncedSearch, role, deleted: view === 'removed', sort }), [debouncedSearch, role, view, sort]);
  const pages = useUserPages(facilityId, query);
  const currentUserId = session.status === 'signed-in' ? session.user.id : '';
  const base = `/facilities/${encodeURIComponent(facilityId)}/users`;

  // Coming back to the page while an import runs (it runs on the server): show its progress again.
  useEffect(() => {
    if (view !== 'active') return;
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

  const toggle = useCallback((user: UserDto, on: boolean) => {
    setSelected((previous) => {
      const next = new Map(previous);
      if (on) next.set(user.id, user);
      else next.delete(user.id);
      return next;
    });
  }, []);
  const toggleAll = useCallback((users: readonly UserDto[], on: boolean) => {
    setSelected((previous) => {
      const next = new Map(previous);
      for (const user of users) {
        if (on) next.set(user.id, user);
        else next.delete(user.id);
      }
      return next;
    });
  }, []);

  function afterChange(message: string, changedIds: readonly string[] = []) {
    setDialog(null);
    setStatus(message);
    setActionError(null);
    if (changedIds.length > 0) {
      setSelected((previous) => {
        const next = new Map(previous);
        for (const id of changedIds) next.delete(id);
        return next;
      });
    }
    pages.reload();
  }

  async function restore(users: readonly UserDto[]) {
    setBusy(true);
    setActionError(null);
    try {
      if (users.length === 1 && users[0]) await api.users.restore(users[0].id);
      else await api.users.bulkRestore(users.map((user) => user.id));
      afterChange(t('users.restored', { count: users.length }), users.map((user) => user.id));
    } catch (caught) {
      setActionError(describeError(t, caught));
      pages.reload();
    } finally {
      setBusy(false);
    }
  }

  /** Selects every user the current search and filter match, not only the rows loaded so far. */
  async function selectAllMatching() {
    setBusy(true);
    setActionError(null);
    try {
      const all: UserDto[] = [];
      for (let page = 1; ; page++) {
        const answer = await api.users.list(facilityId, query, page, SELECT_ALL_PAGE_SIZE);
        all.push(...answer.items);
        if (answer.items.length === 0 || all.length >= answer.total) break;
      }
      toggleAll(all, true);
    } catch (caught) {
      setActionError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  }

  async function exportCsv() {
    setBusy(true);
    setActionError(null);
    try {
      const blob = await api.users.exportCsv(facilityId);
      saveFile(blob, exportFileName(facility?.name ?? facilityId, new Date()));
      setStatus(t('users.exported'));
    } catch (caught) {
      setActionError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  }

  const renderActions = (user: UserDto) => {
    const name = user.fullName || user.username;
    if (view === 'removed') {
      return (
        <>
          <button type="button" className="btn btn-small" aria-label={t('users.restoreLabel', { name })} onClick={() => void restore([user])} disabled={busy}>
            {t('users.restore')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger-quiet"
            aria-label={t('users.deletePermanentlyLabel', { name })}
            onClick={() => setDialog({ kind: 'remove', users: [user] })}
          >
            {t('users.deletePermanently')}
          </button>
        </>
      );
    }
    return (
      <>
        <button type="button" className="btn btn-small" aria-label={t('users.editLabel', { name })} onClick={() => setDialog({ kind: 'edit', user })}>
          {t('common.edit')}
        </button>
        {user.id !== currentUserId && (
          <button
            type="button"
            className="btn btn-small btn-danger-quiet"
            aria-label={t('users.removeLabel', { name })}
            onClick={() => setDialog({ kind: 'remove', users: [user] })}
          >
            {t('users.removeAction')}
          </button>
        )}
      </>
    );
  };

  const selection = [...selected.values()];
  const filtering = debouncedSearch.trim() !== '' || role !== 'all';

  return (
    <section aria-labelledby="users-title" className="users-page">
      <PageHeader title={view === 'removed' ? t('users.removedTitle') : t('users.title')} titleId="users-title">
        {view === 'active' && (
          <>
            <button type="button" className="btn" onClick={() => setDialog({ kind: 'import' })}>
              {t('users.import.open')}
            </button>
            <button type="button" className="btn" onClick={() => void exportCsv()} disabled={busy}>
              {t('users.export')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
              {t('users.new')}
            </button>
          </>
        )}
      </PageHeader>
      {view === 'active' && <UsernameClashNotice facilityId={facilityId} version={status} />}
      <nav className="subtabs" aria-label={t('users.viewsLabel')}>
        <NavLink to={base} end>
          {t('users.activeView')}
        </NavLink>
        <NavLink to={`${base}/removed`}>{t('users.removedView')}</NavLink>
      </nav>
      <div className="toolbar" role="search">
        <div className="toolbar-field toolbar-search">
          <label htmlFor="user-search">{t('users.search')}</label>
          <input
            id="user-search"
            type="search"
            value={search}
            placeholder={t('users.searchPlaceholder')}
            onChange={(event) => setSearch(event.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="toolbar-field">
          <label htmlFor="user-role">{t('users.roleFilter')}</label>
          <select id="user-role" value={role} onChange={(event) => setRole(event.target.value as UserRole | 'all')}>
            <option value="all">{t('users.allRoles')}</option>
            <option value="learner">{t('roles.learnerPlural')}</option>
            <option value="coach">{t('roles.coachPlural')}</option>
            <option value="admin">{t('roles.adminPlural')}</option>
          </select>
        </div>
        <p className="toolbar-count" aria-live="polite" data-testid="users-count">
          {pages.status === 'ready' && (filtering ? t('users.countMatching', { count: pages.total }) : t('users.count', { count: pages.total }))}
          {pages.refreshing && <span className="spinner spinner-small" aria-hidden="true" />}
        </p>
      </div>
      {selection.length > 0 && (
        <div className="bulk-bar" role="region" aria-label={t('users.bulkLabel')}>
          <span data-testid="selection-count">{t('users.selected', { count: selection.length })}</span>
          {view === 'active' ? (
            <button type="button" className="btn btn-danger-quiet" onClick={() => setDialog({ kind: 'remove', users: selection })}>
              {t('users.removeSelected')}
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => void restore(selection)} disabled={busy}>
                {t('users.restoreSelected')}
              </button>
              <button type="button" className="btn btn-danger-quiet" onClick={() => setDialog({ kind: 'remove', users: selection })}>
                {t('users.deleteSelected')}
              </button>
            </>
          )}
          {pages.status === 'ready' && selection.length < pages.total && (
            <button type="button" className="btn btn-quiet" onClick={() => void selectAllMatching()} disabled={busy}>
              {filtering ? t('users.selectAllMatching', { count: pages.total }) : t('users.selectAll', { count: pages.total })}
            </button>
          )}
          <button type="button" className="btn btn-quiet" onClick={() => setSelected(new Map())}>
            {t('users.clearSelection')}
          </button>
        </div>
      )}
      <p className="status-line" role="status" data-testid="users-status">
        {status}
      </p>
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}
      {pages.status === 'loading' && <LoadingState label={t('users.loading')} />}
      {pages.status === 'error' && <ErrorState error={pages.error} onRetry={pages.reload} />}
      {pages.status === 'ready' && pages.total === 0 && (
        <EmptyState title={filtering ? t('users.noMatch') : view === 'removed' ? t('users.noRemoved') : t('users.empty')}>
          {filtering ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setSearch('');
                setRole('all');
              }}
            >
              {t('users.clearFilters')}
            </button>
          ) : view === 'active' ? (
            <p>{t('users.emptyHint')}</p>
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
            // The selection holds copies of users; keep the edited one current there too.
            setSelected((previous) => (previous.has(user.id) ? new Map(previous).set(user.id, user) : previous));
            controller.userUpdated(user);
            afterChange(t('users.saved', { name: user.fullName || user.username }));
          }}
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemoveUsersDialog
          users={dialog.users}
          view={view}
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
