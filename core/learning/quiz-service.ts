import type { Clock } from '../common/clock.js';
import { CoreError } from '../common/core-error.js';
import type { ClassroomDetail, FacilityUserRecord } from '../facility/index.js';
import type { LearnerStateStore } from './learner-state-store.js';
import type { LearnerAnswers, LearnerQuestion, LearnerQuizSummary, LearnerQuizView, QuizProgress, QuizQuestion, QuizRecord, QuizReport } from './quiz-records.js';
import { answerKey, questionIdOf, quizActivity, submissionKey } from './quiz-keys.js';
import type { QuizRepository } from './quiz-repository.js';
import type { QuizInput } from './quiz-rules.js';

/**
 * Quizzes: coaches write them for a class (edited while a draft, then assigned, then closed);
 * learners answer them one question at a time into learner state, then submit. Nothing here sends
 * a learner the answer key before they submitted.
 */
export interface QuizService {
  /** Creates a draft quiz for a class; NOT_FOUND for an unknown class. */
  create(classId: string, input: QuizInput, createdBy: string): QuizRecord;
  /** Replaces a draft's title and questions; CONFLICT once it was assigned. */
  update(quizId: string, input: QuizInput): QuizRecord;
  /** Assigns a draft to its class; CONFLICT otherwise. */
  assign(quizId: string): QuizRecord;
  /** Closes an assigned quiz: no more answers; CONFLICT otherwise. */
  close(quizId: string): QuizRecord;
  /** The quiz, or NOT_FOUND. */
  get(quizId: string): QuizRecord;
  /** The quizzes of a class, oldest first. */
  listForClass(classId: string): QuizRecord[];
  /** The assigned (and closed) quizzes of the learner's classes, with their progress. */
  listForLearner(learnerId: string): LearnerQuizSummary[];
  /** One quiz as the learner sees it; NOT_FOUND unless assigned (or closed) to one of their classes. */
  viewForLearner(quizId: string, learnerId: string): LearnerQuizView;
  /** Saves one answer at once; CONFLICT once submitted or closed, INVALID_INPUT for an answer the question cannot take. */
  saveAnswer(quizId: string, learnerId: string, questionId: string, answer: number): LearnerQuizView;
  /** Submits; CONFLICT the second time or once closed. */
  submit(quizId: string, learnerId: string): LearnerQuizView;
  /** Who has not started, who is in progress, who submitted; scores; each question's share correct. */
  report(quizId: string): QuizReport;
  /** One learner's answers with the history of each, latest first. */
  learnerAnswers(quizId: string, learnerId: string): LearnerAnswers;
}

/** What the quiz service is built from. */
export interface QuizServiceOptions {
  readonly quizzes: QuizRepository;
  readonly state: LearnerStateStore;
  readonly clock: Clock;
  readonly newId: () => string;
  /** The class with its learners, or undefined. */
  readonly getClass: (classId: string) => ClassroomDetail | undefined;
  /** The dataset of a facility. */
  readonly datasetOfFacility: (facilityId: string) => string | undefined;
  /** A user, active or removed. */
  readonly getUser: (userId: string) => FacilityUserRecord | undefined;
}

const isCorrect = (question: QuizQuestion, answer: number | undefined): boolean =>
  answer !== undefined && (question.kind === 'choice' ? answer === question.correctOption : answer === question.correctNumber);

const withoutKey = (question: QuizQuestion): LearnerQuestion =>
  question.kind === 'choice' ? { id: question.id, kind: 'choice', prompt: question.prompt, options: question.options } : { id: question.id, kind: 'number', prompt: question.prompt };

const answerOf = (fields: { readonly [field: string]: unknown } | undefined): number | undefined => (typeof fields?.['answer'] === 'number' ? fields['answer'] : undefined);

/** Creates the quiz service. */
export function createQuizService(options: QuizServiceOptions): QuizService {
  const { quizzes, state, clock } = options;

  // A question keeps the id the body gives it (so answers stay attached across edits); new ones get one.
  const withIds = (input: QuizInput): QuizQuestion[] => {
    return input.questions.map((question) => {
      const id = question.id ?? options.newId().slice(0, 12);
      return question.kind === 'choice'
        ? { id, kind: 'choice', prompt: question.prompt, options: [...question.options], correctOption: question.correctOption }
        : { id, kind: 'number', prompt: question.prompt, correctNumber: question.correctNumber };
    });
  };

  const requireStatus = (quiz: QuizRecord, status: QuizRecord['status'], message: string) => {
    if (quiz.status !== status) throw new CoreError('CONFLICT', message);
  };

  // A learner's current answers and submission for one quiz.
  const progressOf = (quiz: QuizRecord, learnerId: string) => {
    const keys = [...quiz.questions.map((question) => answerKey(quiz.id, question.id)), submissionKey(quiz.id)];
    const stored = state.getMany(learnerId, keys);
    const answers: Record<string, number> = {};
    for (const question of quiz.questions) {
      const answer = answerOf(stored.get(answerKey(quiz.id, question.id)));
      if (answer !== undefined) answers[question.id] = answer;
    }
    const submittedAt = stored.get(submissionKey(quiz.id))?.['submittedAt'];
    const submitted = typeof submittedAt === 'string' ? submittedAt : null;
    const count = Object.keys(answers).length;
    const progress: QuizProgress = submitted ? 'submitted' : count > 0 ? 'in-progress' : 'not-started';
    return { answers, submittedAt: submitted, progress, count };
  };

  const requireLearnerQuiz = (quizId: string, learnerId: string): QuizRecord => {
    const quiz = quizzes.get(quizId);
    // One answer for "no such quiz" and "not yours": a learner cannot probe other classes' quizzes.
    if (!quiz || quiz.status === 'draft' || !quizzes.isLearnerOf(learnerId, quiz.classId)) throw new CoreError('NOT_FOUND', `No quiz with id "${quizId}" for you.`);
    return quiz;
  };

  const view = (quiz: QuizRecord, learnerId: string): LearnerQuizView => {
    const { answers, submittedAt, progress } = progressOf(quiz, learnerId);
    const submitted = submittedAt !== null;
    return Object.freeze({
      id: quiz.id,
      title: quiz.title,
      status: quiz.status,
      progress,
      submittedAt,
      questions: submitted ? quiz.questions : quiz.questions.map(withoutKey),
      answers,
      score: submitted ? quiz.questions.filter((question) => isCorrect(question, answers[question.id])).length : null,
    });
  };

  const requireOpen = (quiz: QuizRecord, learnerId: string) => {
    if (quiz.status !== 'assigned') throw new CoreError('CONFLICT', 'This quiz is closed.');
    if (progressOf(quiz, learnerId).submittedAt !== null) throw new CoreError('CONFLICT', 'You have submitted this quiz already.');
  };

  const service: QuizService = {
    create(classId, input, createdBy) {
      const klass = options.getClass(classId);
      if (!klass) throw new CoreError('NOT_FOUND', `No class with id "${classId}".`);
      const datasetId = options.datasetOfFacility(klass.facilityId);
      if (!datasetId) throw new CoreError('NOT_FOUND', `No facility with id "${klass.facilityId}".`);
      const now = clock.now();
      return quizzes.insert({
        id: options.newId(),
        dataset_id: datasetId,
        facility_id: klass.facilityId,
        classroom_id: classId,
        title: input.title,
        questions: JSON.stringify(withIds(input)),
        status: 'draft',
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      });
    },
    update(quizId, input) {
      const quiz = quizzes.require(quizId);
      requireStatus(quiz, 'draft', 'Only a draft can be edited; this quiz was assigned already.');
      return quizzes.update(quizId, { title: input.title, questions: JSON.stringify(withIds(input)) }, clock.now());
    },
    assign(quizId) {
      requireStatus(quizzes.require(quizId), 'draft', 'Only a draft can be assigned.');
      return quizzes.update(quizId, { status: 'assigned' }, clock.now());
    },
    close(quizId) {
      requireStatus(quizzes.require(quizId), 'assigned', 'Only an assigned quiz can be closed.');
      return quizzes.update(quizId, { status: 'closed' }, clock.now());
    },
    get: (quizId) => quizzes.require(quizId),
    listForClass: (classId) => quizzes.listForClass(classId),
    listForLearner(learnerId) {
      return quizzes.listForLearner(learnerId, ['assigned', 'closed']).map((quiz) => {
        const { count, progress } = progressOf(quiz, learnerId);
        return Object.freeze({ id: quiz.id, classId: quiz.classId, title: quiz.title, status: quiz.status, questionCount: quiz.questions.length, answeredCount: count, progress });
      });
    },
    viewForLearner(quizId, learnerId) {
      return view(requireLearnerQuiz(quizId, learnerId), learnerId);
    },
    saveAnswer(quizId, learnerId, questionId, answer) {
      const quiz = requireLearnerQuiz(quizId, learnerId);
      const question = quiz.questions.find((candidate) => candidate.id === questionId);
      if (!question) throw new CoreError('INVALID_INPUT', `This quiz has no question "${questionId}".`, [{ path: 'questionId', message: 'No such question' }]);
      if (question.kind === 'choice' && (!Number.isInteger(answer) || answer < 0 || answer >= question.options.length)) {
        throw new CoreError('INVALID_INPUT', `Choose one of the ${question.options.length} options.`, [{ path: 'answer', message: `An option from 0 to ${question.options.length - 1}` }]);
      }
      requireOpen(quiz, learnerId);
      state.setMany(learnerId, { [answerKey(quizId, questionId)]: { answer } });
      return view(quiz, learnerId);
    },
    submit(quizId, learnerId) {
      const quiz = requireLearnerQuiz(quizId, learnerId);
      requireOpen(quiz, learnerId);
      state.setMany(learnerId, { [submissionKey(quizId)]: { submittedAt: new Date(clock.now()).toISOString() } });
      return view(quiz, learnerId);
    },
    report(quizId) {
      const quiz = quizzes.require(quizId);
      const klass = options.getClass(quiz.classId);
      const byLearner = new Map<string, { answers: Map<string, number>; submittedAt: string | null }>();
      for (const page of state.iterAllForActivity(quizActivity(quizId))) {
        for (const entry of page) {
          let line = byLearner.get(entry.learnerId);
          if (!line) byLearner.set(entry.learnerId, (line = { answers: new Map(), submittedAt: null }));
          const questionId = questionIdOf(quizId, entry.key);
          const answer = answerOf(entry.fields);
          if (questionId !== undefined && answer !== undefined) line.answers.set(questionId, answer);
          else if (entry.key === submissionKey(quizId) && typeof entry.fields['submittedAt'] === 'string') line.submittedAt = entry.fields['submittedAt'];
        }
      }
      const learners = (klass?.learners ?? []).map((learner) => {
        const line = byLearner.get(learner.id);
        const answered = quiz.questions.filter((question) => line?.answers.has(question.id));
        const correct = answered.filter((question) => isCorrect(question, line?.answers.get(question.id)));
        const progress: QuizProgress = line?.submittedAt ? 'submitted' : answered.length > 0 ? 'in-progress' : 'not-started';
        return Object.freeze({ learnerId: learner.id, fullName: learner.fullName, username: learner.username, progress, answeredCount: answered.length, correctCount: correct.length, submittedAt: line?.submittedAt ?? null });
      });
      const rostered = new Set(learners.map((learner) => learner.learnerId));
      const questions = quiz.questions.map((question) => {
        let answeredCount = 0;
        let correctCount = 0;
        for (const [learnerId, line] of byLearner) {
          if (!rostered.has(learnerId) || !line.answers.has(question.id)) continue;
          answeredCount += 1;
          if (isCorrect(question, line.answers.get(question.id))) correctCount += 1;
        }
        return Object.freeze({ questionId: question.id, prompt: question.prompt, answeredCount, correctCount, shareCorrect: answeredCount === 0 ? null : correctCount / answeredCount });
      });
      return Object.freeze({ quiz, learners, questions });
    },
    learnerAnswers(quizId, learnerId) {
      const quiz = quizzes.require(quizId);
      const learner = options.getUser(learnerId);
      if (!learner) throw new CoreError('NOT_FOUND', `No learner with id "${learnerId}".`);
      const { answers, submittedAt, progress } = progressOf(quiz, learnerId);
      const historyOf = (questionId: string) => {
        try {
          return state.getHistory(learnerId, answerKey(quizId, questionId)).map((version) => Object.freeze({ answer: version.fields === null ? null : (answerOf(version.fields) ?? null), at: new Date(version.createdAt).toISOString() }));
        } catch (error) {
          if (error instanceof CoreError && error.code === 'NOT_FOUND') return [];
          throw error;
        }
      };
      return Object.freeze({
        learnerId,
        fullName: learner.fullName,
        progress,
        submittedAt,
        questions: quiz.questions.map((question) =>
          Object.freeze({ questionId: question.id, prompt: question.prompt, answer: answers[question.id] ?? null, correct: question.id in answers ? isCorrect(question, answers[question.id]) : null, history: historyOf(question.id) }),
        ),
      });
    },
  };
  return Object.freeze(service);
}
