import type { LearnerQuestionDto, QuizQuestionDto } from '../../../core/contract/quizzes.js';

/** An answer as a person reads it: the chosen option's text, or the number. */
export function answerText(question: LearnerQuestionDto | QuizQuestionDto | undefined, answer: number): string {
  if (question?.kind === 'choice') return question.options[answer] ?? String(answer);
  return String(answer);
}
