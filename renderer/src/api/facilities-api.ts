import { apiPath, apiRoutes } from '../../../core/contract/api-routes.js';
import type { DeleteFacilityResponse, FacilityDto, FacilityListResponse, PublicFacilityDto, PublicFacilityListResponse } from '../../../core/contract/facilities.js';
import type { ApiClient } from './api-client.js';

/** Facilities of this device. */
export interface FacilitiesApi {
  list(signal?: AbortSignal): Promise<readonly FacilityDto[]>;
  /** The facilities anyone may pick from on the sign-in page. */
  listPublic(signal?: AbortSignal): Promise<readonly PublicFacilityDto[]>;
  get(id: string, signal?: AbortSignal): Promise<FacilityDto>;
  create(name: string): Promise<FacilityDto>;
  rename(id: string, name: string): Promise<FacilityDto>;
  remove(id: string): Promise<DeleteFacilityResponse>;
}

/** Creates the facilities API over the client. */
export function createFacilitiesApi(client: ApiClient): FacilitiesApi {
  return Object.freeze({
    list: async (signal?: AbortSignal) => (await client.request<FacilityListResponse>({ path: apiRoutes.facilities, signal })).facilities,
    listPublic: async (signal?: AbortSignal) =>
      (await client.request<PublicFacilityListResponse>({ path: apiRoutes.publicFacilities, signal, anonymous: true })).facilities,
    get: (id: string, signal?: AbortSignal) => client.request<FacilityDto>({ path: apiPath(apiRoutes.facility, id), signal }),
    create: (name: string) => client.request<FacilityDto>({ method: 'POST', path: apiRoutes.facilities, json: { name } }),
    rename: (id: string, name: string) => client.request<FacilityDto>({ method: 'PATCH', path: apiPath(apiRoutes.facility, id), json: { name } }),
    remove: (id: string) => client.request<DeleteFacilityResponse>({ method: 'DELETE', path: apiPath(apiRoutes.facility, id) }),
  });
}
