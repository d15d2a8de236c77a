import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { QueryView } from '../ui/query-view.js';

/** The quizzes assigned to the signed-in learner's classes, on their home page. */
export function LearnerQuizList() {
  const { t } = useTranslation();
  const api = useApi();
  const quizzes = useApiQuery((signal) => api.quizzes.mine(signal), [api]);
  return (
    <div className="panel">
      <h2>{t('quizzes.myQuizzes')}</h2>
      <QueryView query={quizzes} loadingLabel={t('quizzes.loading')} isEmpty={(list) => list.length === 0} empty={<p className="muted">{t('home.nothingYet')}</p>}>
        {(list) => (
          <ul className="member-list">
            {list.map((quiz) => (
              <li key={quiz.id}>
                <Link to={`/learn/quizzes/${encodeURIComponent(quiz.id)}`}>{quiz.title}</Link>{' '}
                <span className="muted">
                  {t(`quizzes.progress.${quiz.progress}`)} · {t('quizzes.answeredOf', { answered: quiz.answeredCount, total: quiz.questionCount })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
