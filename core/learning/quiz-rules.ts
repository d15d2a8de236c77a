import { z } from 'zod';

/** The most questions one quiz may hold. */
export const MAX_QUESTIONS = 100;

const prompt = z.string().trim().min(1, 'Required').max(1000, 'At most 1,000 characters');
const questionId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Letters, digits, - and _ only (at most 40)');

const choice = z
  .strictObject({
    id: questionId.optional(),
    kind: z.literal('choice'),
    prompt,
    options: z.array(z.string().trim().min(1, 'Required').max(200, 'At most 200 characters')).min(2, 'At least 2 options').max(6, 'At most 6 options'),
    correctOption: z.number().int('A whole number'),
  })
  .refine((question) => question.correctOption >= 0 && question.correctOption < question.options.length, { message: 'Must name one of the options', path: ['correctOption'] });

const numeric = z.strictObject({
  id: questionId.optional(),
  kind: z.literal('number'),
  prompt,
  correctNumber: z.number(),
});

/** The shape of a quiz in a create or edit body: a title and 1 to 100 questions, each single choice (2–6 options) or a number. */
export const quizInputSchema = z.strictObject({
  title: z.string().trim().min(1, 'Required').max(200, 'At most 200 characters'),
  questions: z
    .array(z.discriminatedUnion('kind', [choice, numeric]))
    .min(1, 'At least one question')
    .max(MAX_QUESTIONS, `At most ${MAX_QUESTIONS} questions`)
    .refine((questions) => new Set(questions.map((q) => q.id).filter(Boolean)).size === questions.filter((q) => q.id).length, 'Question ids must differ'),
});

/** A quiz as the schema checked it. */
export type QuizInput = z.output<typeof quizInputSchema>;

/** The shape of one saved answer. */
export const saveAnswerSchema = z.strictObject({
  questionId,
  answer: z.number(),
});
