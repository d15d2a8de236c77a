/** The activity of a quiz in learner state: every key of it starts with this. */
export function quizActivity(quizId: string): string {
  return `quiz:${quizId}`;
}

/** The state key of a learner's answer to one question: fields `{ answer }`. */
export function answerKey(quizId: string, questionId: string): string {
  return `${quizActivity(quizId)}/question:${questionId}`;
}

/** The state key of a learner's submission: fields `{ submittedAt }`. */
export function submissionKey(quizId: string): string {
  return `${quizActivity(quizId)}/submission`;
}

/** The question id of an answer key of `quizId`, or undefined for any other key. */
export function questionIdOf(quizId: string, key: string): string | undefined {
  const prefix = `${quizActivity(quizId)}/question:`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}
