/** The learning domain's public surface: learner state with its history, and quizzes. */
export { createLearningService, type LearningService, type LearningServiceOptions } from './learning-service.js';
export { historyRouter } from './history-router.js';
export { learningMigrations } from './learning-migrations.js';
export { quizInputSchema, saveAnswerSchema, MAX_QUESTIONS, type QuizInput } from './quiz-rules.js';
export type { LearnerStateStore } from './learner-state-store.js';
export type { QuizService } from './quiz-service.js';
export type { LearnerState, StateFields, StateVersion } from './learner-state.js';
export type { StateWritePoint } from './state-write-point.js';
export type * from './quiz-records.js';
