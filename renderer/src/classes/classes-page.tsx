import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context.js';
import type { ClassDto } from '../../../core/contract/classes.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useFacility } from '../facilities/facility-context.js';
import { ListPage } from '../ui/list-page.js';
import { ClassNameDialog } from './class-name-dialog.js';
import { DeleteClassDialog } from './delete-class-dialog.js';

type OpenDialog = { readonly kind: 'create' } | { readonly kind: 'delete'; readonly classroom: ClassDto } | null;

/** The classes of a facility. */
export function ClassesPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { facilityId, canManage } = useFacility();
  const classes = useApiQuery((signal) => api.classes.list(facilityId, signal), [api, facilityId]);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState('');
  const base = `/facilities/${encodeURIComponent(facilityId)}/classes`;

  return (
    <ListPage
      title={t('classes.title')}
      titleId="classes-title"
      actions={
        canManage && (
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('classes.new')}
          </button>
        )
      }
      status={status}
      query={classes}
      loadingLabel={t('classes.loading')}
      emptyTitle={t('classes.empty')}
      emptyHint={canManage ? t('classes.emptyHint') : t('classes.emptyCoachHint')}
      columns={
        <>
          <th scope="col">{t('classes.name')}</th>
          <th scope="col" className="numeric">
            {t('classes.learners')}
          </th>
          <th scope="col" className="numeric">
            {t('classes.coaches')}
          </th>
          {canManage && (
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          )}
        </>
      }
      renderRow={(classroom: ClassDto) => (
        <tr key={classroom.id}>
          <td>
            <Link to={`${base}/${encodeURIComponent(classroom.id)}`}>{classroom.name}</Link>
          </td>
          <td className="numeric">{classroom.learnerCount}</td>
          <td className="numeric">{classroom.coachCount}</td>
          {canManage && (
            <td className="row-actions">
              <button
                type="button"
                className="btn btn-small btn-danger-quiet"
                aria-label={t('classes.deleteLabel', { name: classroom.name })}
                onClick={() => setDialog({ kind: 'delete', classroom })}
              >
                {t('classes.delete')}
              </button>
            </td>
          )}
        </tr>
      )}
    >
      {dialog?.kind === 'create' && (
        <ClassNameDialog
          onClose={() => setDialog(null)}
          onSave={async (name) => {
            await api.classes.create(facilityId, name);
            setDialog(null);
            setStatus(t('classes.created', { name }));
            classes.reload();
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteClassDialog
          classroom={dialog.classroom}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            setStatus(t('classes.deleted', { name: dialog.classroom.name }));
            classes.reload();
          }}
        />
      )}
    </ListPage>
  );
}
