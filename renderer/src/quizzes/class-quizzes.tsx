import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { QueryView } from '../ui/query-view.js';

/** The quizzes of a class, on the class page: each links to its editor or report. */
export function ClassQuizzes({ facilityId, classId }: { readonly facilityId: string; readonly classId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const quizzes = useApiQuery((signal) => api.quizzes.listForClass(classId, signal), [api, classId]);
  const base = `/facilities/${encodeURIComponent(facilityId)}/classes/${encodeURIComponent(classId)}/quizzes`;
  return (
    <div className="panel">
      <div className="panel-header">
        <h2>{t('quizzes.title')}</h2>
        <Link className="btn btn-small" to={`${base}/new`}>
          {t('quizzes.new')}
        </Link>
      </div>
      <QueryView query={quizzes} loadingLabel={t('quizzes.loading')} isEmpty={(list) => list.length === 0} empty={<p className="muted">{t('quizzes.none')}</p>}>
        {(list) => (
          <ul className="member-list">
            {list.map((quiz) => (
              <li key={quiz.id}>
                <Link to={`${base}/${encodeURIComponent(quiz.id)}`}>{quiz.title}</Link> <span className="badge">{t(`quizzes.status.${quiz.status}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
