import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
import { newQuestion, type DraftQuestion, type QuizDraft } from './quiz-draft.js';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;

/** Props of the quiz editor. */
export interface QuizEditorProps {
  readonly initial: QuizDraft;
  readonly saveLabel: string;
  /** Saves the draft; a thrown ApiError's field details are shown beside their fields. */
  readonly onSave: (draft: QuizDraft) => Promise<void>;
}

/** A quiz's title and questions (single choice with 2–6 options, or a number answer), edited while a draft. */
export function QuizEditor({ initial, saveLabel, onSave }: QuizEditorProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<QuizDraft>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const { busy, error: failure, run } = useAction();
  const nextKey = useRef(0);
  const form = useRef<HTMLFormElement>(null);

  const fieldError = (path: string) => error?.fieldError(path);
  const setQuestion = (index: number, change: Partial<DraftQuestion>) =>
    setDraft((current) => ({ ...current, questions: current.questions.map((question, at) => (at === index ? { ...question, ...change } : question)) }));
  const removeQuestion = (index: number) => setDraft((current) => ({ ...current, questions: current.questions.filter((_, at) => at !== index) }));
  const addQuestion = () => {
    nextKey.current += 1;
    setDraft((current) => ({ ...current, questions: [...current.questions, newQuestion(`new-${nextKey.current}`)] }));
  };

  return (
    <form
      ref={form}
      className="quiz-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        void run(() => onSave(draft), {
          describe: (caught, message) => {
            if (caught instanceof ApiError && caught.code === 'INVALID_INPUT') setError(caught);
            // Keyboard users land on the first field the server refused.
            requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
            return message;
          },
        });
      }}
    >
      <FormField label={t('quizzes.titleLabel')} error={fieldError('title')}>
        {(control) => <input {...control} type="text" value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />}
      </FormField>
      <ol className="quiz-question-list">
        {draft.questions.map((question, index) => {
          const number = index + 1;
          const path = `questions.${index}`;
          return (
            <li key={question.key} className="panel quiz-question-edit">
              <fieldset>
                <legend>{t('quizzes.questionNumber', { number })}</legend>
                <FormField label={t('quizzes.kind')}>
                  {(control) => (
                    <select {...control} value={question.kind} onChange={(event) => setQuestion(index, { kind: event.target.value === 'number' ? 'number' : 'choice' })}>
                      <option value="choice">{t('quizzes.kindChoice')}</option>
                      <option value="number">{t('quizzes.kindNumber')}</option>
                    </select>
                  )}
                </FormField>
                <FormField label={t('quizzes.prompt')} error={fieldError(`${path}.prompt`)}>
                  {(control) => <input {...control} type="text" value={question.prompt} onChange={(event) => setQuestion(index, { prompt: event.target.value })} />}
                </FormField>
                {question.kind === 'choice' ? (
                  <fieldset className="quiz-options">
                    <legend>{t('quizzes.optionsLegend', { number })}</legend>
                    {(fieldError(`${path}.options`) || fieldError(`${path}.correctOption`)) && (
                      <p className="field-error">{fieldError(`${path}.options`) ?? fieldError(`${path}.correctOption`)}</p>
                    )}
                    {question.options.map((option, optionIndex) => (
                      <div className="quiz-option-row" key={optionIndex}>
                        <input
                          type="radio"
                          name={`correct-${question.key}`}
                          id={`correct-${question.key}-${optionIndex}`}
                          checked={question.correctOption === optionIndex}
                          onChange={() => setQuestion(index, { correctOption: optionIndex })}
                        />
                        <label htmlFor={`correct-${question.key}-${optionIndex}`} className="visually-hidden">
                          {t('quizzes.markCorrect', { option: optionIndex + 1, number })}
                        </label>
                        <label htmlFor={`option-${question.key}-${optionIndex}`} className="visually-hidden">
                          {t('quizzes.optionLabel', { option: optionIndex + 1, number })}
                        </label>
                        <input
                          id={`option-${question.key}-${optionIndex}`}
                          type="text"
                          value={option}
                          aria-invalid={fieldError(`${path}.options.${optionIndex}`) ? true : undefined}
                          placeholder={t('quizzes.optionPlaceholder', { option: optionIndex + 1 })}
                          onChange={(event) => setQuestion(index, { options: question.options.map((text, at) => (at === optionIndex ? event.target.value : text)) })}
                        />
                        {question.options.length > MIN_OPTIONS && (
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            aria-label={t('quizzes.removeOption', { option: optionIndex + 1, number })}
                            onClick={() =>
                              setQuestion(index, {
                                options: question.options.filter((_, at) => at !== optionIndex),
                                correctOption: question.correctOption >= optionIndex && question.correctOption > 0 ? question.correctOption - 1 : question.correctOption,
                              })
                            }
                          >
                            ×
                          </button>
                        )}
                      </div>
                    ))}
                    <p className="muted small">{t('quizzes.correctHint')}</p>
                    {question.options.length < MAX_OPTIONS && (
                      <button type="button" className="btn btn-small" onClick={() => setQuestion(index, { options: [...question.options, ''] })}>
                        {t('quizzes.addOption', { number })}
                      </button>
                    )}
                  </fieldset>
                ) : (
                  <FormField label={t('quizzes.correctNumber')} error={fieldError(`${path}.correctNumber`)}>
                    {(control) => <input {...control} type="text" inputMode="decimal" value={question.correctNumber} onChange={(event) => setQuestion(index, { correctNumber: event.target.value })} />}
                  </FormField>
                )}
                {draft.questions.length > 1 && (
                  <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => removeQuestion(index)}>
                    {t('quizzes.removeQuestion', { number })}
                  </button>
                )}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {fieldError('questions') && <p className="field-error">{fieldError('questions')}</p>}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={addQuestion}>
          {t('quizzes.addQuestion')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('quizzes.saving') : saveLabel}
        </button>
      </div>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
    </form>
  );
}
