import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { QuizDto } from '../../../core/contract/quizzes.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useFacility } from '../facilities/facility-context.js';
import { PageHeader } from '../ui/page-header.js';
import { QueryView } from '../ui/query-view.js';
import { useAction } from '../ui/use-action.js';
import { draftOf, inputOf } from './quiz-draft.js';
import { QuizEditor } from './quiz-editor.js';
import { QuizReport } from './quiz-report.js';

/** One quiz for its coaches: edited and assigned while a draft, then its report; closing it ends answering. */
export function QuizPage() {
  const { t } = useTranslation();
  const api = useApi();
  const location = useLocation();
  const { facilityId } = useFacility();
  const params = useParams();
  const classId = params['classId'] ?? '';
  const quizId = params['quizId'] ?? '';
  const quiz = useApiQuery((signal) => api.quizzes.get(quizId, signal), [api, quizId]);
  const [status, setStatus] = useState(location.state && (location.state as { saved?: boolean }).saved ? t('quizzes.draftSaved') : '');
  const { busy, error: failure, run } = useAction();
  const classPath = `/facilities/${encodeURIComponent(facilityId)}/classes/${encodeURIComponent(classId)}`;

  const act = (work: () => Promise<QuizDto>, done: string) =>
    run(async () => {
      await work();
      setStatus(done);
      quiz.reload();
    });

  return (
    <section aria-labelledby="quiz-title">
      <Link to={classPath} className="back-link">
        {t('quizzes.backToClass')}
      </Link>
      <QueryView query={quiz} loadingLabel={t('quizzes.loadingOne')}>
        {(loaded) => (
          <>
            <PageHeader title={loaded.title} titleId="quiz-title">
              <span className="badge">{t(`quizzes.status.${loaded.status}`)}</span>
              {loaded.status === 'draft' && (
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act(() => api.quizzes.assign(loaded.id), t('quizzes.assigned'))}>
                  {t('quizzes.assign')}
                </button>
              )}
              {loaded.status === 'assigned' && (
                <button type="button" className="btn" disabled={busy} onClick={() => act(() => api.quizzes.close(loaded.id), t('quizzes.closed'))}>
                  {t('quizzes.close')}
                </button>
              )}
            </PageHeader>
            <p className="status-line" role="status">
              {status}
            </p>
            {failure && (
              <p className="form-error" role="alert">
                {failure}
              </p>
            )}
            {loaded.status === 'draft' ? (
              <QuizEditor
                key={loaded.updatedAt}
                initial={draftOf(loaded)}
                saveLabel={t('quizzes.saveChanges')}
                onSave={async (draft) => {
                  await api.quizzes.update(loaded.id, inputOf(draft));
                  setStatus(t('quizzes.draftSaved'));
                  quiz.reload();
                }}
              />
            ) : (
              <QuizReport quizId={loaded.id} />
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}
