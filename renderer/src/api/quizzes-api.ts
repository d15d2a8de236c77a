import { apiPath, apiRoutes } from '../../../core/contract/api-routes.js';
import type {
  LearnerAnswersDto,
  LearnerQuizDto,
  LearnerQuizListResponse,
  LearnerQuizSummaryDto,
  QuizDto,
  QuizInput,
  QuizListResponse,
  QuizReportDto,
} from '../../../core/contract/quizzes.js';
import type { ApiClient } from './api-client.js';

/** Quizzes: coaches write, assign and read reports; learners answer. */
export interface QuizzesApi {
  listForClass(classId: string, signal?: AbortSignal): Promise<readonly QuizDto[]>;
  get(id: string, signal?: AbortSignal): Promise<QuizDto>;
  create(classId: string, input: QuizInput): Promise<QuizDto>;
  update(id: string, input: QuizInput): Promise<QuizDto>;
  assign(id: string): Promise<QuizDto>;
  close(id: string): Promise<QuizDto>;
  report(id: string, signal?: AbortSignal): Promise<QuizReportDto>;
  learnerAnswers(id: string, learnerId: string, signal?: AbortSignal): Promise<LearnerAnswersDto>;
  /** The signed-in learner's assigned quizzes. */
  mine(signal?: AbortSignal): Promise<readonly LearnerQuizSummaryDto[]>;
  /** One quiz as the signed-in learner sees it. */
  open(id: string, signal?: AbortSignal): Promise<LearnerQuizDto>;
  /** Saves one answer at once. */
  answer(id: string, questionId: string, answer: number): Promise<LearnerQuizDto>;
  submit(id: string): Promise<LearnerQuizDto>;
}

/** Creates the quizzes API over the client. */
export function createQuizzesApi(client: ApiClient): QuizzesApi {
  return Object.freeze({
    listForClass: async (classId: string, signal?: AbortSignal) => (await client.request<QuizListResponse>({ path: apiPath(apiRoutes.classQuizzes, classId), signal })).quizzes,
    get: (id: string, signal?: AbortSignal) => client.request<QuizDto>({ path: apiPath(apiRoutes.quiz, id), signal }),
    create: (classId: string, input: QuizInput) => client.request<QuizDto>({ method: 'POST', path: apiPath(apiRoutes.classQuizzes, classId), json: input }),
    update: (id: string, input: QuizInput) => client.request<QuizDto>({ method: 'PATCH', path: apiPath(apiRoutes.quiz, id), json: input }),
    assign: (id: string) => client.request<QuizDto>({ method: 'POST', path: apiPath(apiRoutes.quizAssign, id) }),
    close: (id: string) => client.request<QuizDto>({ method: 'POST', path: apiPath(apiRoutes.quizClose, id) }),
    report: (id: string, signal?: AbortSignal) => client.request<QuizReportDto>({ path: apiPath(apiRoutes.quizReport, id), signal }),
    learnerAnswers: (id: string, learnerId: string, signal?: AbortSignal) =>
      client.request<LearnerAnswersDto>({ path: `${apiPath(apiRoutes.quizLearnerAnswers, id)}?learnerId=${encodeURIComponent(learnerId)}`, signal }),
    mine: async (signal?: AbortSignal) => (await client.request<LearnerQuizListResponse>({ path: apiRoutes.learnerQuizzes, signal })).quizzes,
    open: (id: string, signal?: AbortSignal) => client.request<LearnerQuizDto>({ path: apiPath(apiRoutes.learnerQuiz, id), signal }),
    answer: (id: string, questionId: string, answer: number) =>
      client.request<LearnerQuizDto>({ method: 'PUT', path: apiPath(apiRoutes.learnerQuizAnswers, id), json: { questionId, answer } }),
    submit: (id: string) => client.request<LearnerQuizDto>({ method: 'POST', path: apiPath(apiRoutes.learnerQuizSubmit, id) }),
  });
}
