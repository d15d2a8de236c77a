import { useTranslation } from 'react-i18next';
import type { QuizDto } from '../../../core/contract/quizzes.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { QueryView } from '../ui/query-view.js';
import { answerText } from './answer-text.js';

/** One learner's answers to a quiz, each with every change and when, latest first. */
export function LearnerAnswers({ quiz, learnerId }: { readonly quiz: QuizDto; readonly learnerId: string }) {
  const quizId = quiz.id;
  const questionOf = (id: string) => quiz.questions.find((question) => question.id === id);
  const { t, i18n } = useTranslation();
  const api = useApi();
  const answers = useApiQuery((signal) => api.quizzes.learnerAnswers(quizId, learnerId, signal), [api, quizId, learnerId]);
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <QueryView query={answers} loadingLabel={t('quizzes.loadingAnswers')}>
      {(data) => (
        <section className="panel" aria-labelledby="learner-answers-title" data-testid="learner-answers">
          <h2 id="learner-answers-title">{t('quizzes.answersOf', { name: data.fullName })}</h2>
          <p className="muted">{t(`quizzes.progress.${data.progress}`)}</p>
          <ol className="quiz-answer-list">
            {data.questions.map((question) => (
              <li key={question.questionId}>
                <h3 className="small">{question.prompt}</h3>
                <p>
                  {question.answer === null
                    ? t('quizzes.noAnswer')
                    : t(question.correct ? 'quizzes.answerCorrect' : 'quizzes.answerWrong', { answer: answerText(questionOf(question.questionId), question.answer) })}
                </p>
                {question.history.length > 0 && (
                  <table className="table">
                    <caption className="visually-hidden">{t('quizzes.historyOf', { prompt: question.prompt })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('quizzes.when')}</th>
                        <th scope="col">{t('quizzes.answer')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {question.history.map((version, index) => (
                        <tr key={index}>
                          <td>{time.format(new Date(version.at))}</td>
                          <td>{version.answer === null ? t('quizzes.cleared') : answerText(questionOf(question.questionId), version.answer)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </QueryView>
  );
}
