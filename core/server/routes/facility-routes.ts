import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { DeleteFacilityResponse, FacilityDto, FacilityListResponse, PublicFacilityListResponse } from '../../contract/facilities.js';
import { userFieldSchemas } from '../../facility/index.js';
import { requireUser } from '../auth/request-user.js';
import { validateInput } from '../validate-input.js';
import { idParams, type FacilityRouteContext } from './facility-route-context.js';

const createBody = z.strictObject({ name: userFieldSchemas.facilityName });
const updateBody = z.strictObject({ name: userFieldSchemas.facilityName.optional() });

/** `GET /api/public/facilities`, `GET/POST /api/facilities`, `GET/PATCH/DELETE /api/facilities/:id`. */
export function registerFacilityRoutes(app: FastifyInstance, { facility, permissions }: FacilityRouteContext<'facilities'>): void {
  const found = (id: string): FacilityDto => {
    const record = facility.facilities.getFacility(id);
    if (!record) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
    return record;
  };

  // The sign-in page's facility picker, before anyone is signed in: names are what the school
  // shows on its sign-in screen anyway (as Kolibri does); counts and dataset ids stay private.
  app.get(apiRoutes.publicFacilities, async () => {
    const body: PublicFacilityListResponse = { facilities: facility.facilities.listFacilities().map(({ id, name }) => ({ id, name })) };
    return body;
  });

  app.get(apiRoutes.facilities, async (request) => {
    const actor = requireUser(request);
    const all = facility.facilities.listFacilities();
    const body: FacilityListResponse = { facilities: actor.isSuperuser ? all : all.filter((record) => record.id === actor.facilityId) };
    return body;
  });

  app.post(apiRoutes.facilities, async (request, reply) => {
    permissions.assertSuperuser(requireUser(request));
    const input = validateInput(createBody, request.body, 'facility');
    const body: FacilityDto = facility.facilities.createFacility(input);
    return reply.status(201).send(body);
  });

  app.get(apiRoutes.facility, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    const record = found(id);
    permissions.assertCanReadFacility(actor, record.id);
    return record;
  });

  app.patch(apiRoutes.facility, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    found(id);
    permissions.assertCanManageFacility(actor, id);
    const input = validateInput(updateBody, request.body, 'facility');
    const body: FacilityDto = input.name === undefined ? found(id) : facility.facilities.renameFacility(id, input.name);
    return body;
  });

  app.delete(apiRoutes.facility, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    found(id);
    permissions.assertCanDeleteFacility(actor, id);
    const body: DeleteFacilityResponse = { signedOut: facility.facilities.deleteFacility(id).signedOut.length };
    return body;
  });
}
