import { apiPath, apiRoutes } from '../../../core/contract/api-routes.js';
import type { ImportJobDto } from '../../../core/contract/import-jobs.js';
import type { ApiClient } from './api-client.js';

/** The users CSV import as a background job: start it, follow its progress, cancel it before the write. */
export interface ImportJobsApi {
  start(facilityId: string, csv: string): Promise<ImportJobDto>;
  get(jobId: string, signal?: AbortSignal): Promise<ImportJobDto>;
  /** The facility's newest job (404 NOT_FOUND when none ran since the server started). */
  latest(facilityId: string, signal?: AbortSignal): Promise<ImportJobDto>;
  cancel(jobId: string): Promise<ImportJobDto>;
}

/** Creates the import jobs API over the client. */
export function createImportJobsApi(client: ApiClient): ImportJobsApi {
  return Object.freeze({
    start: (facilityId: string, csv: string) =>
      client.request<ImportJobDto>({ method: 'POST', path: apiPath(apiRoutes.facilityImportJobs, facilityId), raw: { body: csv, contentType: 'text/csv' } }),
    get: (jobId: string, signal?: AbortSignal) => client.request<ImportJobDto>({ path: apiPath(apiRoutes.importJob, jobId), signal }),
    latest: (facilityId: string, signal?: AbortSignal) => client.request<ImportJobDto>({ path: apiPath(apiRoutes.facilityLatestImportJob, facilityId), signal }),
    cancel: (jobId: string) => client.request<ImportJobDto>({ method: 'POST', path: apiPath(apiRoutes.importJobCancel, jobId) }),
  });
}
