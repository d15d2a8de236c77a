import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LearnerQuizDto } from '../../../core/contract/quizzes.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { describeError } from '../ui/describe-error.js';
import { Dialog } from '../ui/dialog.js';
import { PageHeader } from '../ui/page-header.js';
import { QueryView } from '../ui/query-view.js';
import { answerText } from './answer-text.js';

/** A learner takes a quiz one question at a time; each answer is saved the moment it is given. */
export function LearnerQuizPage() {
  const { t } = useTranslation();
  const api = useApi();
  const quizId = useParams()['quizId'] ?? '';
  const loaded = useApiQuery((signal) => api.quizzes.open(quizId, signal), [api, quizId]);
  return (
    <section aria-labelledby="learner-quiz-title">
      <Link to="/home" className="back-link">
        {t('quizzes.backHome')}
      </Link>
      <QueryView query={loaded} loadingLabel={t('quizzes.loadingOne')}>
        {(quiz) => <TakeQuiz initial={quiz} />}
      </QueryView>
    </section>
  );
}

function TakeQuiz({ initial }: { readonly initial: LearnerQuizDto }) {
  const { t } = useTranslation();
  const api = useApi();
  const [quiz, setQuiz] = useState(initial);
  const [index, setIndex] = useState(() => Math.max(0, Math.min(initial.questions.length - 1, initial.questions.findIndex((question) => !(question.id in initial.answers)))));
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [numberText, setNumberText] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const question = quiz.questions[index]!;
  const answer = quiz.answers[question.id];
  const open = quiz.progress !== 'submitted' && quiz.status === 'assigned';

  useEffect(() => {
    // Only when the question changes: a saved answer must not overwrite what is being typed.
    setNumberText(answer === undefined ? '' : String(answer));
  }, [question.id]);

  // Shown at once (a radio that lags behind the click reads as broken), put back if the save fails.
  const save = async (value: number) => {
    const before = quiz;
    setFailure('');
    setStatus(t('quizzes.saving'));
    setQuiz({ ...quiz, answers: { ...quiz.answers, [question.id]: value } });
    try {
      setQuiz(await api.quizzes.answer(quiz.id, question.id, value));
      setStatus(t('quizzes.answerSaved'));
    } catch (caught) {
      setQuiz(before);
      setStatus('');
      setFailure(describeError(t, caught));
    }
  };
  const go = (to: number) => {
    setIndex(to);
    setStatus('');
    requestAnimationFrame(() => heading.current?.focus());
  };

  if (quiz.progress === 'submitted') {
    return (
      <>
        <PageHeader title={quiz.title} titleId="learner-quiz-title" />
        <div className="panel" data-testid="quiz-result">
          <p role="status">{t('quizzes.submittedScore', { score: quiz.score ?? 0, total: quiz.questions.length })}</p>
          <ol className="quiz-answer-list">
            {quiz.questions.map((item) => (
              <li key={item.id}>
                {item.prompt} — {item.id in quiz.answers ? answerText(item, quiz.answers[item.id]!) : t('quizzes.noAnswer')}
              </li>
            ))}
          </ol>
        </div>
      </>
    );
  }

  const answeredCount = Object.keys(quiz.answers).length;
  return (
    <>
      <PageHeader title={quiz.title} titleId="learner-quiz-title" />
      <p className="muted">{t('quizzes.answeredOf', { answered: answeredCount, total: quiz.questions.length })}</p>
      <form
        className="panel quiz-take"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (question.kind === 'number') {
            const value = Number(numberText.replace(',', '.'));
            if (numberText.trim() === '' || !Number.isFinite(value)) setFailure(t('quizzes.enterNumber'));
            else void save(value);
          }
        }}
      >
        <h2 ref={heading} tabIndex={-1}>
          {t('quizzes.questionOf', { number: index + 1, total: quiz.questions.length })}
        </h2>
        {question.kind === 'choice' ? (
          <fieldset className="choice-group">
            <legend>{question.prompt}</legend>
            {question.options.map((option, optionIndex) => (
              <label key={optionIndex} className="choice">
                <input type="radio" name={`answer-${question.id}`} checked={answer === optionIndex} disabled={!open} onChange={() => void save(optionIndex)} /> {option}
              </label>
            ))}
          </fieldset>
        ) : (
          <div className="field">
            <label htmlFor={`answer-${question.id}`}>{question.prompt}</label>
            <div className="quiz-option-row">
              <input id={`answer-${question.id}`} type="text" inputMode="decimal" value={numberText} disabled={!open} onChange={(event) => setNumberText(event.target.value)} />
              <button type="submit" className="btn" disabled={!open}>
                {t('quizzes.saveAnswer')}
              </button>
            </div>
          </div>
        )}
        <p className="status-line" role="status">
          {status}
        </p>
        {failure && (
          <p className="form-error" role="alert">
            {failure}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" disabled={index === 0} onClick={() => go(index - 1)}>
            {t('quizzes.previous')}
          </button>
          {index < quiz.questions.length - 1 ? (
            <button type="button" className="btn" onClick={() => go(index + 1)}>
              {t('quizzes.next')}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" disabled={!open} onClick={() => setConfirming(true)}>
              {t('quizzes.submit')}
            </button>
          )}
        </div>
      </form>
      {!open && <p className="muted">{t('quizzes.closedForLearner')}</p>}
      {confirming && (
        <Dialog title={t('quizzes.confirmSubmitTitle')} onClose={() => setConfirming(false)}>
          <p>{t('quizzes.confirmSubmitText', { answered: answeredCount, total: quiz.questions.length })}</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('quizzes.keepAnswering')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={async () => {
                try {
                  setQuiz(await api.quizzes.submit(quiz.id));
                } catch (caught) {
                  setFailure(describeError(t, caught));
                } finally {
                  setConfirming(false);
                }
              }}
            >
              {t('quizzes.submit')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
