import type { QuizDto, QuizInput } from '../../../core/contract/quizzes.js';

/** One question as the editor holds it while typing (a number answer stays text until saved). */
export interface DraftQuestion {
  /** React's key; also the id sent for a question that has one already. */
  readonly key: string;
  readonly id: string | undefined;
  readonly kind: 'choice' | 'number';
  readonly prompt: string;
  readonly options: readonly string[];
  readonly correctOption: number;
  readonly correctNumber: string;
}

/** A quiz as the editor holds it. */
export interface QuizDraft {
  readonly title: string;
  readonly questions: readonly DraftQuestion[];
}

/** A new, empty single-choice question. */
export function newQuestion(key: string): DraftQuestion {
  return { key, id: undefined, kind: 'choice', prompt: '', options: ['', ''], correctOption: 0, correctNumber: '' };
}

/** The editor's copy of a saved quiz. */
export function draftOf(quiz: QuizDto): QuizDraft {
  return {
    title: quiz.title,
    questions: quiz.questions.map((question) =>
      question.kind === 'choice'
        ? { key: question.id, id: question.id, kind: 'choice', prompt: question.prompt, options: question.options, correctOption: question.correctOption, correctNumber: '' }
        : { key: question.id, id: question.id, kind: 'number', prompt: question.prompt, options: ['', ''], correctOption: 0, correctNumber: String(question.correctNumber) },
    ),
  };
}

/** The body the API takes; the server checks it and names each wrong field. */
export function inputOf(draft: QuizDraft): QuizInput {
  return {
    title: draft.title,
    questions: draft.questions.map((question) => {
      const id = question.id ? { id: question.id } : {};
      return question.kind === 'choice'
        ? { ...id, kind: 'choice', prompt: question.prompt, options: question.options, correctOption: question.correctOption }
        : { ...id, kind: 'number', prompt: question.prompt, correctNumber: question.correctNumber.trim() === '' ? Number.NaN : Number(question.correctNumber) };
    }),
  };
}
