import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { BulkUpdateUsersResponse, DeleteUsersResponse, UserDto, UsernameClashListResponse, UserPageDto } from '../../contract/users.js';
import { MAX_PAGE_SIZE, userFieldSchemas, type FacilityUserRecord, type UserScope, type UserSortKey } from '../../facility/index.js';
import { requireAuth, requireUser } from '../auth/request-user.js';
import { refusalMessage } from '../auth/sign-in-throttle.js';
import { validateInput } from '../validate-input.js';
import { idArray, idParams, type FacilityRouteContext } from './facility-route-context.js';

const sortKeys = ['username', 'fullName', 'kind', 'dateCreated'] as const satisfies readonly UserSortKey[];
const booleanText = z.enum(['true', 'false'], { message: 'true or false' }).transform((value) => value === 'true');

const listQuery = z.strictObject({
  search: z.string().max(100, 'At most 100 characters').optional(),
  role: z.enum(['superuser', 'admin', 'coach', 'learner'], { message: 'One of: superuser, admin, coach, learner' }).optional(),
  deleted: booleanText.optional(),
  sort: z.enum([...sortKeys, ...sortKeys.map((key) => `-${key}` as const)], { message: `One of: ${sortKeys.join(', ')}, each optionally with a leading -` }).optional(),
  page: z.coerce.number({ message: 'A whole number' }).int('A whole number').min(1, 'From 1').max(1_000_000, 'Too large').optional(),
  pageSize: z.coerce.number({ message: 'A whole number' }).int('A whole number').min(1, 'From 1').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE}`).optional(),
});

const createBody = z.strictObject({
  username: userFieldSchemas.username,
  password: userFieldSchemas.password,
  fullName: userFieldSchemas.fullName,
  role: userFieldSchemas.role,
  birthYear: userFieldSchemas.birthYear.optional(),
  gender: userFieldSchemas.gender.optional(),
  idNumber: userFieldSchemas.idNumber.optional(),
});

const updateBody = z.strictObject({
  username: userFieldSchemas.username.optional(),
  password: userFieldSchemas.password.optional(),
  currentPassword: z.string({ message: 'Text' }).max(1_024, 'Too long').optional(),
  fullName: userFieldSchemas.fullName.optional(),
  role: userFieldSchemas.role.optional(),
  isSuperuser: z.boolean().optional(),
  birthYear: userFieldSchemas.birthYear.optional(),
  gender: userFieldSchemas.gender.optional(),
  idNumber: userFieldSchemas.idNumber.optional(),
});

const deleteQuery = z.strictObject({ permanent: booleanText.optional() });
const bulkDeleteBody = z.strictObject({ ids: idArray.min(1, 'Name at least one user'), permanent: z.boolean().optional() });
const bulkUpdateBody = z.strictObject({
  ids: idArray.min(1, 'Name at least one user'),
  changes: z
    .strictObject({
      dateDeleted: z.iso
        .datetime({ offset: true, message: 'An ISO date and time, or null' })
        .transform((value) => new Date(value).toISOString())
        .nullable()
        .optional(),
      birthYear: userFieldSchemas.birthYear.optional(),
      gender: userFieldSchemas.gender.optional(),
    })
    .refine((changes) => Object.values(changes).some((value) => value !== undefined), { message: 'Name at least one change' }),
});
const emptyBody = z.union([z.undefined(), z.null(), z.strictObject({})], { message: 'Send no body' });

/**
 * Users: `GET/POST /api/facilities/:id/users`, `GET/PATCH/DELETE /api/users/:id`,
 * `POST /api/users/bulk-delete`, `POST /api/users/bulk-update`, `POST /api/users/:id/restore`,
 * `GET /api/facilities/:id/username-clashes`.
 */
export function registerUserRoutes(app: FastifyInstance, { facility, permissions, sessions, throttle }: FacilityRouteContext<'authentication' | 'facilities' | 'users'>): void {
  const requireFacility = (id: string) => {
    if (!facility.facilities.getFacility(id)) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
  };
  const requireTarget = (id: string): FacilityUserRecord => {
    const user = facility.users.getUser(id);
    if (!user) throw new CoreError('NOT_FOUND', `No user with id "${id}".`);
    return user;
  };
  // Every id must exist before anyone's permission is judged, so the answer never depends on order.
  const requireTargets = (ids: readonly string[]): UserScope[] => {
    const users = facility.users.getUserScopes(ids);
    const known = new Set(users.map((user) => user.id));
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length > 0) {
      throw new CoreError(
        'NOT_FOUND',
        missing.length === 1 ? `No user with id "${missing[0]}".` : `${missing.length} of the users do not exist.`,
        missing.slice(0, 20).map((id) => ({ path: 'ids', message: `No user with id "${id}"` })),
      );
    }
    return users;
  };

  // 400, not 401: a 401 would read as "your session ended" to the UI.
  // Guesses here count with failed sign-ins: an open browser must not be a way around the throttle.
  const assertCurrentPassword = async (actor: UserDto, currentPassword: string | undefined, address: string): Promise<void> => {
    if (currentPassword === undefined || currentPassword === '') {
      throw new CoreError('INVALID_INPUT', 'Enter your current password to choose a new one.', [{ path: 'currentPassword', message: 'Required to change your own password' }]);
    }
    const admission = throttle.admit(actor.username, address);
    if (!admission.admitted) {
      throw new CoreError('RATE_LIMITED', refusalMessage(admission, 'password checks'));
    }
    let verified;
    try {
      verified = await facility.authentication.authenticate(actor.username, currentPassword, actor.facilityId);
    } catch (error) {
      admission.abandoned();
      throw error;
    }
    if (verified?.id !== actor.id) {
      admission.failed();
      throw new CoreError('INVALID_INPUT', 'Your current password is not right.', [{ path: 'currentPassword', message: 'Not your current password' }]);
    }
    admission.succeeded();
  };

  app.get(apiRoutes.facilityUsers, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    const query = validateInput(listQuery, request.query, 'user list query');
    requireFacility(id);
    permissions.assertCanManageFacility(actor, id);
    const descending = query.sort?.startsWith('-') ?? false;
    const page = facility.users.listUsers(id, {
      search: query.search,
      role: query.role,
      deleted: query.deleted,
      sort: query.sort ? (query.sort.replace(/^-/, '') as UserSortKey) : undefined,
      direction: descending ? 'desc' : 'asc',
      page: query.page,
      pageSize: query.pageSize,
    });
    const body: UserPageDto = page;
    return body;
  });

  app.post(apiRoutes.facilityUsers, async (request, reply) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    requireFacility(id);
    permissions.assertCanManageFacility(actor, id);
    const input = validateInput(createBody, request.body, 'user');
    const body: UserDto = await facility.users.createUser(id, input);
    return reply.status(201).send(body);
  });

  app.get(apiRoutes.facilityUsernameClashes, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    requireFacility(id);
    permissions.assertCanManageFacility(actor, id);
    const body: UsernameClashListResponse = { clashes: facility.users.listUsernameClashes(id) };
    return body;
  });

  app.get(apiRoutes.user, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'user id');
    const target = requireTarget(id);
    permissions.assertCanReadUser(actor, target);
    const body: UserDto = target;
    return body;
  });

  app.patch(apiRoutes.user, async (request) => {
    const { user: actor, session } = requireAuth(request);
    const { id } = validateInput(idParams, request.params, 'user id');
    const target = requireTarget(id);
    const { currentPassword, ...update } = validateInput(updateBody, request.body, 'user');
    permissions.assertCanUpdateUser(actor, target, update);
    const ownPassword = update.password !== undefined && target.id === actor.id;
    if (ownPassword) await assertCurrentPassword(actor, currentPassword, request.ip);
    const body: UserDto = await facility.users.updateUser(id, update);
    // Whoever knew the old password may be signed in somewhere: a new one ends those sessions.
    // Users who change their own keep the session they did it from.
    if (ownPassword) sessions.destroyOthers(actor.id, session.id, 'signed-out-elsewhere');
    else if (update.password !== undefined) sessions.invalidateUsers([target.id], 'signed-out-elsewhere');
    return body;
  });

  app.delete(apiRoutes.user, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'user id');
    const { permanent = false } = validateInput(deleteQuery, request.query, 'query');
    permissions.assertCanRemoveUsers(actor, [requireTarget(id)]);
    const result = facility.users.deleteUsers([id], { permanent });
    const body: DeleteUsersResponse = { deleted: result.affected, permanent, signedOut: result.signedOut.length };
    return body;
  });

  app.post(apiRoutes.usersBulkDelete, async (request) => {
    const actor = requireUser(request);
    const { ids, permanent = false } = validateInput(bulkDeleteBody, request.body, 'bulk delete');
    permissions.assertCanRemoveUsers(actor, requireTargets(ids));
    const result = facility.users.deleteUsers(ids, { permanent });
    const body: DeleteUsersResponse = { deleted: result.affected, permanent, signedOut: result.signedOut.length };
    return body;
  });

  app.post(apiRoutes.usersBulkUpdate, async (request) => {
    const actor = requireUser(request);
    const { ids, changes } = validateInput(bulkUpdateBody, request.body, 'bulk update');
    // Setting or clearing date_deleted removes or restores: the removal rules apply.
    permissions.assertCanRemoveUsers(actor, requireTargets(ids));
    const result = facility.users.updateUsers(ids, changes);
    const body: BulkUpdateUsersResponse = { updated: result.affected, signedOut: result.signedOut.length, restored: result.restored.length };
    return body;
  });

  app.post(apiRoutes.userRestore, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'user id');
    validateInput(emptyBody, request.body, 'restore');
    permissions.assertCanRemoveUsers(actor, [requireTarget(id)]);
    facility.users.restoreUsers([id]);
    const body: UserDto = requireTarget(id);
    return body;
  });
}
