import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { LearnerAnswersDto, LearnerQuizDto, LearnerQuizListResponse, QuizDto, QuizListResponse, QuizReportDto } from '../../contract/quizzes.js';
import type { UserDto } from '../../contract/users.js';
import type { ClassroomDetail, FacilityService } from '../../facility/index.js';
import { quizInputSchema, saveAnswerSchema, type QuizService } from '../../learning/index.js';
import { requireUser } from '../auth/request-user.js';
import { createPermissions } from '../permissions.js';
import { validateInput } from '../validate-input.js';
import { idParams } from './facility-route-context.js';

const learnerQuery = z.strictObject({ learnerId: z.string().min(1, 'Required').max(64, 'Not an id') });

/** What the quiz routes are built from. */
export interface QuizRouteContext {
  readonly facility: Pick<FacilityService, 'users' | 'classes'>;
  readonly quizzes: QuizService;
}

/**
 * Quizzes. Coaches of the class (and its facility's admins): `GET/POST /api/classes/:id/quizzes`,
 * `GET/PATCH /api/quizzes/:id`, `POST …/assign`, `POST …/close`, `GET …/report` and
 * `GET …/learner-answers?learnerId=`. Learners: `GET /api/learn/quizzes`, `GET /api/learn/quizzes/:id`,
 * `PUT …/answers` (one answer, saved at once) and `POST …/submit`. A learner's routes never carry
 * the answer key before they submitted.
 */
export function registerQuizRoutes(app: FastifyInstance, { facility, quizzes }: QuizRouteContext): void {
  const permissions = createPermissions(facility.classes);
  const requireClass = (id: string): ClassroomDetail => {
    const klass = facility.classes.getClass(id);
    if (!klass) throw new CoreError('NOT_FOUND', `No class with id "${id}".`);
    return klass;
  };
  // The quiz, once the actor may coach its class.
  const coachedQuiz = (actor: UserDto, id: string): QuizDto => {
    const quiz = quizzes.get(id);
    permissions.assertCanReadClass(actor, requireClass(quiz.classId));
    return quiz;
  };
  const quizId = (params: unknown) => validateInput(idParams, params, 'quiz id').id;

  app.get(apiRoutes.classQuizzes, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'class id');
    permissions.assertCanReadClass(actor, requireClass(id));
    const body: QuizListResponse = { quizzes: quizzes.listForClass(id) };
    return body;
  });

  app.post(apiRoutes.classQuizzes, async (request, reply) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'class id');
    permissions.assertCanReadClass(actor, requireClass(id));
    const input = validateInput(quizInputSchema, request.body, 'quiz');
    const body: QuizDto = quizzes.create(id, input, actor.id);
    return reply.status(201).send(body);
  });

  app.get(apiRoutes.quiz, async (request) => {
    const body: QuizDto = coachedQuiz(requireUser(request), quizId(request.params));
    return body;
  });

  app.patch(apiRoutes.quiz, async (request) => {
    const id = quizId(request.params);
    coachedQuiz(requireUser(request), id);
    const input = validateInput(quizInputSchema, request.body, 'quiz');
    const body: QuizDto = quizzes.update(id, input);
    return body;
  });

  for (const [route, act] of [
    [apiRoutes.quizAssign, (id: string) => quizzes.assign(id)],
    [apiRoutes.quizClose, (id: string) => quizzes.close(id)],
  ] as const) {
    app.post(route, async (request) => {
      const id = quizId(request.params);
      coachedQuiz(requireUser(request), id);
      const body: QuizDto = act(id);
      return body;
    });
  }

  app.get(apiRoutes.quizReport, async (request) => {
    const id = quizId(request.params);
    coachedQuiz(requireUser(request), id);
    const body: QuizReportDto = quizzes.report(id);
    return body;
  });

  app.get(apiRoutes.quizLearnerAnswers, async (request) => {
    const id = quizId(request.params);
    const quiz = coachedQuiz(requireUser(request), id);
    const { learnerId } = validateInput(learnerQuery, request.query, 'query');
    const learner = facility.users.getUser(learnerId);
    if (!learner || learner.facilityId !== quiz.facilityId) throw new CoreError('NOT_FOUND', `No learner with id "${learnerId}" in this facility.`);
    const body: LearnerAnswersDto = quizzes.learnerAnswers(id, learnerId);
    return body;
  });

  app.get(apiRoutes.learnerQuizzes, async (request) => {
    const actor = requireUser(request);
    const body: LearnerQuizListResponse = { quizzes: quizzes.listForLearner(actor.id) };
    return body;
  });

  app.get(apiRoutes.learnerQuiz, async (request) => {
    const actor = requireUser(request);
    const body: LearnerQuizDto = quizzes.viewForLearner(quizId(request.params), actor.id);
    return body;
  });

  app.put(apiRoutes.learnerQuizAnswers, async (request) => {
    const actor = requireUser(request);
    const id = quizId(request.params);
    const { questionId, answer } = validateInput(saveAnswerSchema, request.body, 'answer');
    const body: LearnerQuizDto = quizzes.saveAnswer(id, actor.id, questionId, answer);
    return body;
  });

  app.post(apiRoutes.learnerQuizSubmit, async (request) => {
    const actor = requireUser(request);
    const body: LearnerQuizDto = quizzes.submit(quizId(request.params), actor.id);
    return body;
  });
}
