import { apiPath, apiRoutes } from '../../../core/contract/api-routes.js';
import type {
  BulkUpdateUsersResponse,
  CreateUserRequest,
  DeleteUsersResponse,
  UpdateUserRequest,
  UserDto,
  UserImportResponse,
  UsernameClashListResponse,
  UserPageDto,
  UserRole,
  UserSortKey,
  UserSortParam,
} from '../../../core/contract/users.js';
import type { ApiClient } from './api-client.js';

/** Sort order of the users list. */
export interface UserSort {
  readonly field: UserSortKey;
  readonly direction: 'asc' | 'desc';
}

/** What the users list is filtered by. */
export interface UserQuery {
  readonly search: string;
  readonly role: UserRole | 'all';
  /** The "removed users" view. */
  readonly deleted: boolean;
  readonly sort: UserSort;
}

/** The API's `sort` parameter: the key, with a leading `-` for descending. */
export function sortParam(sort: UserSort): UserSortParam {
  return sort.direction === 'desc' ? `-${sort.field}` : sort.field;
}

/** Users of a facility. */
export interface UsersApi {
  list(facilityId: string, query: UserQuery, page: number, pageSize: number, signal?: AbortSignal): Promise<UserPageDto>;
  create(facilityId: string, request: CreateUserRequest): Promise<UserDto>;
  update(id: string, request: UpdateUserRequest): Promise<UserDto>;
  remove(id: string, permanent: boolean): Promise<DeleteUsersResponse>;
  bulkRemove(ids: readonly string[], permanent: boolean): Promise<DeleteUsersResponse>;
  restore(id: string): Promise<UserDto>;
  /** Restores many removed users in one write. */
  bulkRestore(ids: readonly string[]): Promise<BulkUpdateUsersResponse>;
  importCsv(facilityId: string, csv: string): Promise<UserImportResponse>;
  exportCsv(facilityId: string): Promise<Blob>;
  /** The facility's users held by a username clash (admins only). */
  usernameClashes(facilityId: string, signal?: AbortSignal): Promise<UsernameClashListResponse>;
}

/** Creates the users API over the client. */
export function createUsersApi(client: ApiClient): UsersApi {
  return Object.freeze({
    list: (facilityId: string, query: UserQuery, page: number, pageSize: number, signal?: AbortSignal) =>
      client.request<UserPageDto>({
        path: apiPath(apiRoutes.facilityUsers, facilityId),
        query: {
          search: query.search.trim(),
          role: query.role === 'all' ? undefined : query.role,
          deleted: query.deleted ? 'true' : undefined,
          sort: sortParam(query.sort),
          page,
          pageSize,
        },
        signal,
      }),
    create: (facilityId: string, request: CreateUserRequest) =>
      client.request<UserDto>({ method: 'POST', path: apiPath(apiRoutes.facilityUsers, facilityId), json: request }),
    update: (id: string, request: UpdateUserRequest) => client.request<UserDto>({ method: 'PATCH', path: apiPath(apiRoutes.user, id), json: request }),
    remove: (id: string, permanent: boolean) =>
      client.request<DeleteUsersResponse>({ method: 'DELETE', path: apiPath(apiRoutes.user, id), query: { permanent: permanent ? 'true' : undefined } }),
    bulkRemove: (ids: readonly string[], permanent: boolean) =>
      client.request<DeleteUsersResponse>({ method: 'POST', path: apiRoutes.usersBulkDelete, json: { ids, permanent } }),
    restore: (id: string) => client.request<UserDto>({ method: 'POST', path: apiPath(apiRoutes.userRestore, id) }),
    bulkRestore: (ids: readonly string[]) =>
      client.request<BulkUpdateUsersResponse>({ method: 'POST', path: apiRoutes.usersBulkUpdate, json: { ids, changes: { dateDeleted: null } } }),
    importCsv: (facilityId: string, csv: string) =>
      client.request<UserImportResponse>({
        method: 'POST',
        path: apiPath(apiRoutes.facilityUsersImport, facilityId),
        raw: { body: csv, contentType: 'text/csv' },
      }),
    exportCsv: (facilityId: string) => client.request<Blob>({ path: apiPath(apiRoutes.facilityUsersExport, facilityId), responseType: 'blob' }),
    usernameClashes: (facilityId: string, signal?: AbortSignal) =>
      client.request<UsernameClashListResponse>({ path: apiPath(apiRoutes.facilityUsernameClashes, facilityId), signal }),
  });
}
