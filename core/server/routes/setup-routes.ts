import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { SetupResponse, SetupStatusResponse } from '../../contract/setup.js';
import { userFieldSchemas } from '../../facility/index.js';
import { validateInput } from '../validate-input.js';
import type { FacilityRouteContext } from './facility-route-context.js';

const setupBody = z.strictObject({
  facilityName: userFieldSchemas.facilityName,
  superuser: z.strictObject({
    username: userFieldSchemas.username,
    password: userFieldSchemas.password,
    fullName: userFieldSchemas.fullName,
  }),
});

/**
 * First-run setup. `GET /api/setup` tells the UI whether to show it; `POST /api/setup` creates the
 * first facility and its superuser once, then answers 409. No session is needed, but the CSRF rule
 * of every unsafe /api/ request still holds: the UI echoes the token cookie it got from the GET.
 */
export function registerSetupRoutes(app: FastifyInstance, { facility }: FacilityRouteContext<'setup'>): void {
  app.get(apiRoutes.setup, async () => {
    const body: SetupStatusResponse = { provisioned: facility.setup.isProvisioned() };
    return body;
  });

  app.post(apiRoutes.setup, async (request, reply) => {
    // CONFLICT before validation: once set up, no body can make a difference.
    if (facility.setup.isProvisioned()) throw new CoreError('CONFLICT', 'This device is already set up.');
    const input = validateInput(setupBody, request.body, 'setup');
    const { facility: created, superuser } = await facility.setup.provision(input);
    const body: SetupResponse = { facility: created, user: superuser };
    return reply.status(201).send(body);
  });
}
