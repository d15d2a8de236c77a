import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { useApi } from '../api/api-context.js';
import { ApiError } from '../api/api-error.js';
import { useApiQuery } from '../api/use-api-query.js';
import { canManageFacility } from '../auth/home-path.js';
import { useSession } from '../auth/session-context.js';
import { ErrorState } from '../ui/error-state.js';
import { LoadingState } from '../ui/loading-state.js';
import type { FacilityContext } from './facility-context.js';

/** The frame of a facility's pages: its name and the Users / Classes / Sync / Conflicts tabs. */
export function FacilityLayout() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession();
  const facilityId = useParams()['facilityId'] ?? '';
  const facility = useApiQuery((signal) => api.facilities.get(facilityId, signal), [api, facilityId]);
  const canManage = session.status === 'signed-in' && canManageFacility(session.user, facilityId);
  // Only admins may read conflicts; for anyone else the list is empty rather than a refusal.
  const conflicts = useApiQuery(async (signal) => (canManage ? api.sync.listConflicts(facilityId, signal) : []), [api, facilityId, canManage]);
  if (session.status !== 'signed-in') return null;

  if (facility.status === 'loading') return <LoadingState label={t('facilities.loadingOne')} />;
  // A coach may not read the facility record; the classes page works without it.
  const forbidden = facility.status === 'error' && facility.error instanceof ApiError && facility.error.code === 'PERMISSION_DENIED' && !canManage;
  if (facility.status === 'error' && !forbidden) return <ErrorState error={facility.error} onRetry={facility.reload} />;

  const context: FacilityContext = { facilityId, facility: facility.status === 'success' ? facility.data : null, canManage, conflicts };
  const conflictCount = conflicts.status === 'success' ? conflicts.data.length : 0;
  const base = `/facilities/${encodeURIComponent(facilityId)}`;
  return (
    <div className="facility">
      <div className="facility-header">
        {session.user.isSuperuser && (
          <Link to="/facilities" className="back-link">
            {t('facilities.all')}
          </Link>
        )}
        <p className="facility-name" data-testid="facility-name">
          {context.facility?.name ?? ''}
        </p>
        {canManage && (
          <nav aria-label={t('facilities.sections', { name: context.facility?.name ?? '' })} className="tabs">
            <NavLink to={`${base}/users`} end>
              {t('nav.users')}
            </NavLink>
            <NavLink to={`${base}/classes`}>{t('nav.classes')}</NavLink>
            <NavLink to={`${base}/sync`}>{t('nav.sync')}</NavLink>
            <NavLink to={`${base}/conflicts`} data-testid="conflicts-tab">
              {conflictCount > 0 ? t('nav.conflictsCount', { count: conflictCount }) : t('nav.conflicts')}
            </NavLink>
          </nav>
        )}
      </div>
      {/* Keyed by facility: moving to another facility starts its pages afresh (no carried-over selection). */}
      <Outlet key={facilityId} context={context} />
    </div>
  );
}
