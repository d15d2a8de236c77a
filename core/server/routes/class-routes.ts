import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { ClassDetailDto, ClassDto, ClassListResponse } from '../../contract/classes.js';
import { userFieldSchemas, type ClassroomDetail } from '../../facility/index.js';
import { requireUser } from '../auth/request-user.js';
import { validateInput } from '../validate-input.js';
import { idArray, idParams, type FacilityRouteContext } from './facility-route-context.js';

const classBody = z.strictObject({ name: userFieldSchemas.className });
const membersBody = z.strictObject({ userIds: idArray });

/**
 * Classes: `GET/POST /api/facilities/:id/classes`, `GET/PATCH/DELETE /api/classes/:id`,
 * `PUT /api/classes/:id/learners` and `PUT /api/classes/:id/coaches` (each the complete new list).
 */
export function registerClassRoutes(app: FastifyInstance, { facility, permissions }: FacilityRouteContext<'facilities' | 'classes'>): void {
  const requireFacility = (id: string) => {
    if (!facility.facilities.getFacility(id)) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
  };
  const requireClass = (id: string): ClassroomDetail => {
    const klass = facility.classes.getClass(id);
    if (!klass) throw new CoreError('NOT_FOUND', `No class with id "${id}".`);
    return klass;
  };

  app.get(apiRoutes.facilityClasses, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    requireFacility(id);
    const body: ClassListResponse = { classes: facility.classes.listClasses(id, permissions.classListScope(actor, id)) };
    return body;
  });

  app.post(apiRoutes.facilityClasses, async (request, reply) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    requireFacility(id);
    permissions.assertCanManageFacility(actor, id);
    const input = validateInput(classBody, request.body, 'class');
    const body: ClassDto = facility.classes.createClass(id, input);
    return reply.status(201).send(body);
  });

  app.get(apiRoutes.classDetail, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'class id');
    const klass = requireClass(id);
    permissions.assertCanReadClass(actor, klass);
    const body: ClassDetailDto = klass;
    return body;
  });

  app.patch(apiRoutes.classDetail, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'class id');
    permissions.assertCanManageFacility(actor, requireClass(id).facilityId);
    const input = validateInput(classBody, request.body, 'class');
    const body: ClassDto = facility.classes.renameClass(id, input.name);
    return body;
  });

  app.delete(apiRoutes.classDetail, async (request, reply) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'class id');
    permissions.assertCanManageFacility(actor, requireClass(id).facilityId);
    facility.classes.deleteClass(id);
    return reply.status(204).send();
  });

  for (const [route, assign] of [
    [apiRoutes.classLearners, (id: string, userIds: readonly string[]) => facility.classes.setClassLearners(id, userIds)],
    [apiRoutes.classCoaches, (id: string, userIds: readonly string[]) => facility.classes.setClassCoaches(id, userIds)],
  ] as const) {
    app.put(route, async (request) => {
      const actor = requireUser(request);
      const { id } = validateInput(idParams, request.params, 'class id');
      permissions.assertCanManageFacility(actor, requireClass(id).facilityId);
      const { userIds } = validateInput(membersBody, request.body, 'class members');
      const body: ClassDetailDto = assign(id, userIds);
      return body;
    });
  }
}
