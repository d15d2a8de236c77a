import { apiPath, apiRoutes } from '../../../core/contract/api-routes.js';
import type { ClassDetailDto, ClassDto, ClassListResponse } from '../../../core/contract/classes.js';
import type { ApiClient } from './api-client.js';

/** Classes of a facility, and who learns and coaches in them. */
export interface ClassesApi {
  list(facilityId: string, signal?: AbortSignal): Promise<readonly ClassDto[]>;
  /** The class with its learners and coaches. */
  get(id: string, signal?: AbortSignal): Promise<ClassDetailDto>;
  create(facilityId: string, name: string): Promise<ClassDto>;
  remove(id: string): Promise<void>;
  setLearners(id: string, userIds: readonly string[]): Promise<unknown>;
  setCoaches(id: string, userIds: readonly string[]): Promise<unknown>;
}

/** Creates the classes API over the client. */
export function createClassesApi(client: ApiClient): ClassesApi {
  return Object.freeze({
    list: async (facilityId: string, signal?: AbortSignal) =>
      (await client.request<ClassListResponse>({ path: apiPath(apiRoutes.facilityClasses, facilityId), signal })).classes,
    get: (id: string, signal?: AbortSignal) => client.request<ClassDetailDto>({ path: apiPath(apiRoutes.classDetail, id), signal }),
    create: (facilityId: string, name: string) =>
      client.request<ClassDto>({ method: 'POST', path: apiPath(apiRoutes.facilityClasses, facilityId), json: { name } }),
    remove: (id: string) => client.request<void>({ method: 'DELETE', path: apiPath(apiRoutes.classDetail, id) }),
    setLearners: (id: string, userIds: readonly string[]) =>
      client.request<unknown>({ method: 'PUT', path: apiPath(apiRoutes.classLearners, id), json: { userIds } }),
    setCoaches: (id: string, userIds: readonly string[]) =>
      client.request<unknown>({ method: 'PUT', path: apiPath(apiRoutes.classCoaches, id), json: { userIds } }),
  });
}
