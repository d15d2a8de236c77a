import type { ApiClient } from './api-client.js';
import { createAuthApi, type AuthApi } from './auth-api.js';
import { createClassesApi, type ClassesApi } from './classes-api.js';
import { createFacilitiesApi, type FacilitiesApi } from './facilities-api.js';
import { createQuizzesApi, type QuizzesApi } from './quizzes-api.js';
import { createImportJobsApi, type ImportJobsApi } from './import-jobs-api.js';
import { createSetupApi, type SetupApi } from './setup-api.js';
import { createSyncApi, type SyncApi } from './sync-api.js';
import { createUsersApi, type UsersApi } from './users-api.js';

/** Every endpoint the UI calls, grouped by feature. */
export interface OutpostApi {
  readonly auth: AuthApi;
  readonly setup: SetupApi;
  readonly facilities: FacilitiesApi;
  readonly users: UsersApi;
  readonly classes: ClassesApi;
  readonly quizzes: QuizzesApi;
  readonly sync: SyncApi;
  readonly importJobs: ImportJobsApi;
}

/** Builds the typed API over one client. */
export function createOutpostApi(client: ApiClient): OutpostApi {
  return Object.freeze({
    auth: createAuthApi(client),
    setup: createSetupApi(client),
    facilities: createFacilitiesApi(client),
    users: createUsersApi(client),
    classes: createClassesApi(client),
    quizzes: createQuizzesApi(client),
    sync: createSyncApi(client),
    importJobs: createImportJobsApi(client),
  });
}
