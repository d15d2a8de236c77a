/** Where a quiz is in its life: edited while `draft`, answered while `assigned`, read-only once `closed`. */
export type QuizStatus = 'draft' | 'assigned' | 'closed';

/** A question as a coach writes it, with its answer key. */
export type QuizQuestionDto =
  | { readonly id: string; readonly kind: 'choice'; readonly prompt: string; readonly options: readonly string[]; readonly correctOption: number }
  | { readonly id: string; readonly kind: 'number'; readonly prompt: string; readonly correctNumber: number };

/** A question as a learner sees it before submitting: no answer key. */
export type LearnerQuestionDto =
  | { readonly id: string; readonly kind: 'choice'; readonly prompt: string; readonly options: readonly string[] }
  | { readonly id: string; readonly kind: 'number'; readonly prompt: string };

/** A quiz as its coaches see it, answer key included. */
export interface QuizDto {
  readonly id: string;
  readonly facilityId: string;
  readonly classId: string;
  readonly title: string;
  readonly status: QuizStatus;
  readonly questions: readonly QuizQuestionDto[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** `GET /api/classes/:id/quizzes` answer. */
export interface QuizListResponse {
  readonly quizzes: readonly QuizDto[];
}

/** A question in a create or edit body; `id` keeps an existing question's answers attached. */
export type QuizQuestionInput =
  | { readonly id?: string; readonly kind: 'choice'; readonly prompt: string; readonly options: readonly string[]; readonly correctOption: number }
  | { readonly id?: string; readonly kind: 'number'; readonly prompt: string; readonly correctNumber: number };

/** `POST /api/classes/:id/quizzes` body, and `PATCH /api/quizzes/:id` (every field, while a draft). */
export interface QuizInput {
  readonly title: string;
  readonly questions: readonly QuizQuestionInput[];
}

/** A learner's answer: the chosen option's index, or a number. */
export type QuizAnswer = number;

/** How far a learner is with a quiz. */
export type QuizProgress = 'not-started' | 'in-progress' | 'submitted';

/** A quiz in a learner's list. */
export interface LearnerQuizSummaryDto {
  readonly id: string;
  readonly classId: string;
  readonly title: string;
  readonly status: QuizStatus;
  readonly questionCount: number;
  readonly answeredCount: number;
  readonly progress: QuizProgress;
}

/** `GET /api/learn/quizzes` answer: the quizzes assigned to the signed-in learner's classes. */
export interface LearnerQuizListResponse {
  readonly quizzes: readonly LearnerQuizSummaryDto[];
}

/** `GET /api/learn/quizzes/:id` answer. The answer key (`correct…`, `score`) appears only once submitted. */
export interface LearnerQuizDto {
  readonly id: string;
  readonly title: string;
  readonly status: QuizStatus;
  readonly progress: QuizProgress;
  readonly submittedAt: string | null;
  readonly questions: readonly (LearnerQuestionDto | QuizQuestionDto)[];
  /** The learner's current answers by question id. */
  readonly answers: Readonly<Record<string, QuizAnswer>>;
  /** Correct answers out of the questions; only after submitting. */
  readonly score: number | null;
}

/** `PUT /api/learn/quizzes/:id/answers` body: one answer, saved at once. */
export interface SaveAnswerRequest {
  readonly questionId: string;
  readonly answer: QuizAnswer;
}

/** One learner's line in a coach's report. */
export interface QuizReportLearnerDto {
  readonly learnerId: string;
  readonly fullName: string;
  readonly username: string;
  readonly progress: QuizProgress;
  readonly answeredCount: number;
  readonly correctCount: number;
  readonly submittedAt: string | null;
}

/** One question's line in a coach's report. */
export interface QuizReportQuestionDto {
  readonly questionId: string;
  readonly prompt: string;
  readonly answeredCount: number;
  readonly correctCount: number;
  /** Correct answers among the learners who answered (0..1); null when nobody answered. */
  readonly shareCorrect: number | null;
}

/** `GET /api/quizzes/:id/report` answer. */
export interface QuizReportDto {
  readonly quiz: QuizDto;
  readonly learners: readonly QuizReportLearnerDto[];
  readonly questions: readonly QuizReportQuestionDto[];
}

/** One version of an answer: null once it was cleared. */
export interface AnswerVersionDto {
  readonly answer: QuizAnswer | null;
  readonly at: string;
}

/** `GET /api/quizzes/:id/learner-answers?learnerId=` answer: one learner's answers, each with its history latest first. */
export interface LearnerAnswersDto {
  readonly learnerId: string;
  readonly fullName: string;
  readonly progress: QuizProgress;
  readonly submittedAt: string | null;
  readonly questions: readonly {
    readonly questionId: string;
    readonly prompt: string;
    readonly answer: QuizAnswer | null;
    readonly correct: boolean | null;
    readonly history: readonly AnswerVersionDto[];
  }[];
}
