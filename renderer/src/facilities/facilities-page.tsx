import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context.js';
import type { FacilityDto } from '../../../core/contract/facilities.js';
import { apiRoutes } from '../../../core/contract/api-routes.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useSession } from '../auth/session-context.js';
import { ListPage } from '../ui/list-page.js';
import { DeleteFacilityDialog } from './delete-facility-dialog.js';
import { FacilityNameDialog } from './facility-name-dialog.js';

/** Which dialog is open. */
type OpenDialog = { readonly kind: 'create' } | { readonly kind: 'rename' | 'delete'; readonly facility: FacilityDto } | null;

/** The device's facilities: list, create, rename, delete. */
export function FacilitiesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const facilities = useApiQuery((signal) => api.facilities.list(signal), [api]);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState('');
  const session = useSession();
  // Only a device superuser adds or deletes facilities; an admin may rename their own.
  const isSuperuser = session.status === 'signed-in' && session.user.isSuperuser;

  const create = async (name: string) => {
    await api.facilities.create(name);
    setDialog(null);
    setStatus(t('facilities.created', { name }));
    facilities.reload();
  };

  return (
    <ListPage
      title={t('facilities.title')}
      titleId="facilities-title"
      actions={
        <>
          {isSuperuser && (
            <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
              {t('facilities.new')}
            </button>
          )}
          {isSuperuser && (
            // A plain download: the browser saves the file the server names, with the session cookie.
            <a className="btn" href={apiRoutes.deviceBackup} download>
              {t('facilities.backup')}
            </a>
          )}
        </>
      }
      status={status}
      query={facilities}
      loadingLabel={t('facilities.loading')}
      emptyTitle={t('facilities.empty')}
      emptyHint={t('facilities.emptyHint')}
      columns={
        <>
          <th scope="col">{t('facilities.name')}</th>
          <th scope="col" className="numeric">
            {t('nav.users')}
          </th>
          <th scope="col" className="numeric">
            {t('nav.classes')}
          </th>
          <th scope="col">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        </>
      }
      renderRow={(facility: FacilityDto) => (
        <tr key={facility.id}>
          <td>
            <Link to={`/facilities/${encodeURIComponent(facility.id)}/users`}>{facility.name}</Link>
          </td>
          <td className="numeric" data-testid="facility-user-count">
            {facility.userCount}
          </td>
          <td className="numeric">{facility.classCount}</td>
          <td className="row-actions">
            <Link className="btn btn-small" to={`/facilities/${encodeURIComponent(facility.id)}/classes`}>
              {t('nav.classes')}
            </Link>
            <button
              type="button"
              className="btn btn-small"
              aria-label={t('facilities.renameLabel', { name: facility.name })}
              onClick={() => setDialog({ kind: 'rename', facility })}
            >
              {t('facilities.rename')}
            </button>
            {isSuperuser && (
              <button
                type="button"
                className="btn btn-small btn-danger-quiet"
                aria-label={t('facilities.deleteLabel', { name: facility.name })}
                onClick={() => setDialog({ kind: 'delete', facility })}
              >
                {t('facilities.delete')}
              </button>
            )}
          </td>
        </tr>
      )}
    >
      {dialog?.kind === 'create' && <FacilityNameDialog onSave={create} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && (
        <FacilityNameDialog
          facility={dialog.facility}
          onSave={async (name) => {
            await api.facilities.rename(dialog.facility.id, name);
            setDialog(null);
            setStatus(t('facilities.renamed', { name }));
            facilities.reload();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteFacilityDialog
          facility={dialog.facility}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            setStatus(t('facilities.deleted', { name: dialog.facility.name }));
            facilities.reload();
          }}
        />
      )}
    </ListPage>
  );
}
