import type { FastifyInstance } from 'fastify';
import type { FacilityService } from '../../facility/index.js';
import type { AuthServices } from '../auth/install-auth.js';
import { createPermissions } from '../permissions.js';
import { registerClassRoutes } from './class-routes.js';
import { registerFacilityRoutes } from './facility-routes.js';
import { registerSetupRoutes } from './setup-routes.js';
import { registerUserCsvRoutes } from './user-csv-routes.js';
import { registerUserRoutes } from './user-routes.js';

/** Registers setup, facilities, users, classes and the users CSV routes, with one set of permission checks. */
export async function registerFacilityApi(app: FastifyInstance, facility: FacilityService, auth: Pick<AuthServices, 'sessions' | 'throttle'>): Promise<void> {
  const context = Object.freeze({ facility, sessions: auth.sessions, throttle: auth.throttle, permissions: createPermissions(facility.classes) });
  registerSetupRoutes(app, context);
  registerFacilityRoutes(app, context);
  registerUserRoutes(app, context);
  registerClassRoutes(app, context);
  await registerUserCsvRoutes(app, context);
}
