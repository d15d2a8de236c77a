import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { QueryView } from '../ui/query-view.js';
import { LearnerAnswers } from './learner-answers.js';

/** A quiz's report: each learner's progress and score, each question's share correct, and one learner's answers. */
export function QuizReport({ quizId }: { readonly quizId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const report = useApiQuery((signal) => api.quizzes.report(quizId, signal), [api, quizId]);
  const [learnerId, setLearnerId] = useState<string | null>(null);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent' });
  return (
    <QueryView query={report} loadingLabel={t('quizzes.loadingReport')}>
      {(data) => (
        <>
          <div className="panel">
            <div className="panel-header">
              <h2>{t('quizzes.learnersHeading')}</h2>
              <button type="button" className="btn btn-small" onClick={report.reload}>
                {t('quizzes.refresh')}
              </button>
            </div>
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('quizzes.learner')}</th>
                    <th scope="col">{t('quizzes.progressHeading')}</th>
                    <th scope="col">{t('quizzes.score')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('quizzes.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.learners.map((line) => (
                    <tr key={line.learnerId}>
                      <td>{line.fullName}</td>
                      <td>{t(`quizzes.progress.${line.progress}`)}</td>
                      <td>{t('quizzes.scoreValue', { correct: line.correctCount, total: data.quiz.questions.length })}</td>
                      <td>
                        <button type="button" className="btn btn-small" aria-pressed={learnerId === line.learnerId} onClick={() => setLearnerId(line.learnerId)}>
                          {t('quizzes.viewAnswers', { name: line.fullName })}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          <div className="panel">
            <h2>{t('quizzes.questionsHeading')}</h2>
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('quizzes.question')}</th>
                    <th scope="col">{t('quizzes.answered')}</th>
                    <th scope="col">{t('quizzes.shareCorrect')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.questions.map((line) => (
                    <tr key={line.questionId}>
                      <td>{line.prompt}</td>
                      <td>{line.answeredCount}</td>
                      <td>{line.shareCorrect === null ? '—' : percent.format(line.shareCorrect)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {learnerId && <LearnerAnswers key={learnerId} quiz={data.quiz} learnerId={learnerId} />}
        </>
      )}
    </QueryView>
  );
}
