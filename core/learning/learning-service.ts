import type { Clock } from '../common/clock.js';
import { randomHex } from '../common/random-source.js';
import type { DatabaseSet } from '../db/database-set.js';
import type { FacilityService } from '../facility/index.js';
import { createLearnerStateStore, type LearnerStateStore } from './learner-state-store.js';
import type { HistorySchema, LearningSchema } from './learning-schema.js';
import { createQuizRepository, type QuizRepository } from './quiz-repository.js';
import { createQuizService, type QuizService } from './quiz-service.js';
import type { StateWritePoint } from './state-write-point.js';
import { createLearningSyncModels } from './sync-models.js';
import type { SyncableModel } from '../sync/model/syncable-model.js';

/** The learning domain: learner state with its history, and quizzes. */
export interface LearningService {
  readonly state: LearnerStateStore;
  readonly quizzes: QuizService;
  /** The quiz table's writer, for the sync models. */
  readonly quizRepository: QuizRepository;
  /** The learning tables as the sync engine's models (`sync-models.ts`); the composition root registers them. */
  readonly syncModels: readonly SyncableModel[];
  /** Clean-up after users' rows were removed for good: their state and history, and quizzes of classes that are gone. */
  forgetPurgedUsers(userIds: readonly string[]): void;
  /** Forgets the state of learners who no longer exist (a clean-up a crash interrupted); run at start-up. */
  forgetDeparted(): void;
}

/** What the learning service is built from. */
export interface LearningServiceOptions {
  readonly databases: DatabaseSet;
  readonly clock: Clock;
  readonly randomBytes: (size: number) => Uint8Array;
  readonly facility: Pick<FacilityService, 'users' | 'facilities' | 'classes'>;
  /** Test hook for the two-file write (see `StateWritePoint`). */
  readonly onWritePoint?: (point: StateWritePoint) => void;
}

/** Creates the learning service over the tables the routers place (state in default, history in history). */
export function createLearningService(options: LearningServiceOptions): LearningService {
  const { databases, clock, facility } = options;
  const db = databases.forTable<LearningSchema>('learner_state');
  const newId = () => randomHex(options.randomBytes);
  const datasetOfFacility = (facilityId: string) => facility.facilities.getFacility(facilityId)?.datasetId;
  const state = createLearnerStateStore({
    db,
    history: databases.forTable<HistorySchema>('learner_state_history'),
    clock,
    randomBytes: options.randomBytes,
    datasetOf: (learnerId) => {
      const user = facility.users.getUser(learnerId);
      return user && datasetOfFacility(user.facilityId);
    },
    learnersOfClass: (classId) => facility.classes.getClass(classId)?.learners.map((learner) => learner.id) ?? [],
    onWritePoint: options.onWritePoint,
  });
  const quizRepository = createQuizRepository(db);
  const quizzes = createQuizService({ quizzes: quizRepository, state, clock, newId, getClass: (id) => facility.classes.getClass(id), datasetOfFacility, getUser: (id) => facility.users.getUser(id) });
  const service: LearningService = {
    state,
    quizzes,
    quizRepository,
    syncModels: createLearningSyncModels(db, { state, quizRepository }),
    forgetPurgedUsers(userIds) {
      state.forgetLearners(userIds);
      quizRepository.forgetOrphans();
    },
    forgetDeparted() {
      const holders = state.learnersWithState();
      if (holders.length === 0) return;
      const present = new Set(facility.users.getUsers(holders).map((user) => user.id));
      const departed = holders.filter((id) => !present.has(id));
      if (departed.length > 0) service.forgetPurgedUsers(departed);
    },
  };
  return Object.freeze(service);
}
