import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useFacility } from '../facilities/facility-context.js';
import { PageHeader } from '../ui/page-header.js';
import { ClassQuizzes } from '../quizzes/class-quizzes.js';
import { QueryView } from '../ui/query-view.js';
import { AssignMembersDialog } from './assign-members-dialog.js';
import { MemberList } from './member-list.js';

/** One class: its learners and coaches, and assigning them. */
export function ClassPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { facilityId, canManage } = useFacility();
  const classId = useParams()['classId'] ?? '';
  const detail = useApiQuery((signal) => api.classes.get(classId, signal), [api, classId]);
  const [assigning, setAssigning] = useState<'learners' | 'coaches' | null>(null);
  const [status, setStatus] = useState('');

  return (
    <section aria-labelledby="class-title">
      <Link to={`/facilities/${encodeURIComponent(facilityId)}/classes`} className="back-link">
        {t('classes.all')}
      </Link>
      <QueryView query={detail} loadingLabel={t('classes.loadingOne')}>
        {(classroom) => (
          <>
            <PageHeader title={classroom.name} titleId="class-title" />
            <p className="status-line" role="status">
              {status}
            </p>
            <div className="member-columns">
              <MemberList
                title={t('classes.learners')}
                empty={t('classes.noLearners')}
                users={classroom.learners}
                action={canManage ? t('classes.assignLearners') : null}
                onAction={() => setAssigning('learners')}
              />
              <MemberList
                title={t('classes.coaches')}
                empty={t('classes.noCoaches')}
                users={classroom.coaches}
                action={canManage ? t('classes.assignCoaches') : null}
                onAction={() => setAssigning('coaches')}
              />
            </div>
            <ClassQuizzes facilityId={facilityId} classId={classroom.id} />
            {assigning && (
              <AssignMembersDialog
                facilityId={facilityId}
                className={classroom.name}
                kind={assigning}
                current={assigning === 'learners' ? classroom.learners : classroom.coaches}
                onClose={() => setAssigning(null)}
                onSave={async (ids) => {
                  if (assigning === 'learners') await api.classes.setLearners(classroom.id, ids);
                  else await api.classes.setCoaches(classroom.id, ids);
                  setAssigning(null);
                  setStatus(assigning === 'learners' ? t('classes.learnersSaved', { count: ids.length }) : t('classes.coachesSaved', { count: ids.length }));
                  detail.reload();
                }}
              />
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
