/** Where a quiz is in its life: edited while `draft`, answered while `assigned`, read-only once `closed`. */
export type QuizStatus = 'draft' | 'assigned' | 'closed';

/** A question with its answer key; the same shape as the contract's `QuizQuestionDto`. */
export type QuizQuestion =
  | { readonly id: string; readonly kind: 'choice'; readonly prompt: string; readonly options: readonly string[]; readonly correctOption: number }
  | { readonly id: string; readonly kind: 'number'; readonly prompt: string; readonly correctNumber: number };

/** A question without its answer key, as a learner sees it before submitting. */
export type LearnerQuestion =
  | { readonly id: string; readonly kind: 'choice'; readonly prompt: string; readonly options: readonly string[] }
  | { readonly id: string; readonly kind: 'number'; readonly prompt: string };

/** A quiz as its coaches see it; the same shape as the contract's `QuizDto`. */
export interface QuizRecord {
  readonly id: string;
  readonly facilityId: string;
  readonly classId: string;
  readonly title: string;
  readonly status: QuizStatus;
  readonly questions: readonly QuizQuestion[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** How far a learner is with a quiz. */
export type QuizProgress = 'not-started' | 'in-progress' | 'submitted';

/** A quiz in a learner's list (`LearnerQuizSummaryDto`). */
export interface LearnerQuizSummary {
  readonly id: string;
  readonly classId: string;
  readonly title: string;
  readonly status: QuizStatus;
  readonly questionCount: number;
  readonly answeredCount: number;
  readonly progress: QuizProgress;
}

/** A quiz as one learner sees it (`LearnerQuizDto`): the key and score only after submitting. */
export interface LearnerQuizView {
  readonly id: string;
  readonly title: string;
  readonly status: QuizStatus;
  readonly progress: QuizProgress;
  readonly submittedAt: string | null;
  readonly questions: readonly (LearnerQuestion | QuizQuestion)[];
  readonly answers: Readonly<Record<string, number>>;
  readonly score: number | null;
}

/** A coach's report of one quiz (`QuizReportDto`). */
export interface QuizReport {
  readonly quiz: QuizRecord;
  readonly learners: readonly {
    readonly learnerId: string;
    readonly fullName: string;
    readonly username: string;
    readonly progress: QuizProgress;
    readonly answeredCount: number;
    readonly correctCount: number;
    readonly submittedAt: string | null;
  }[];
  readonly questions: readonly {
    readonly questionId: string;
    readonly prompt: string;
    readonly answeredCount: number;
    readonly correctCount: number;
    readonly shareCorrect: number | null;
  }[];
}

/** One learner's answers with each answer's history, latest first (`LearnerAnswersDto`). */
export interface LearnerAnswers {
  readonly learnerId: string;
  readonly fullName: string;
  readonly progress: QuizProgress;
  readonly submittedAt: string | null;
  readonly questions: readonly {
    readonly questionId: string;
    readonly prompt: string;
    readonly answer: number | null;
    readonly correct: boolean | null;
    readonly history: readonly { readonly answer: number | null; readonly at: string }[];
  }[];
}
