import type { FastifyInstance } from 'fastify';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { ImportJobDto } from '../../contract/import-jobs.js';
import { USER_IMPORT_MAX_BYTES } from '../../contract/users.js';
import type { FacilityService } from '../../facility/index.js';
import type { UserImportJobs } from '../../jobs/user-import-jobs.js';
import { requireUser } from '../auth/request-user.js';
import { createPermissions } from '../permissions.js';
import { validateInput } from '../validate-input.js';
import { idParams } from './facility-route-context.js';

/**
 * The users CSV import as a background job. `POST /api/facilities/:id/users/import-jobs` (text/csv,
 * as the synchronous import) answers 202 with the job at once; the page then reads
 * `GET /api/import-jobs/:id` (or, coming back, `…/import-jobs/latest`) for `done` of `total`, and
 * may `POST /api/import-jobs/:id/cancel` until the write starts. Facility admins and superusers.
 */
export async function registerImportJobRoutes(app: FastifyInstance, { facility, jobs }: { readonly facility: Pick<FacilityService, 'facilities' | 'classes'>; readonly jobs: UserImportJobs }): Promise<void> {
  const permissions = createPermissions(facility.classes);
  const jobFor = (request: Parameters<typeof requireUser>[0]): ImportJobDto => {
    const { id } = validateInput(idParams, request.params, 'import job id');
    const job = jobs.get(id);
    if (!job) throw new CoreError('NOT_FOUND', `No import job with id "${id}".`);
    permissions.assertCanManageFacility(requireUser(request), job.facilityId);
    return job;
  };

  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: USER_IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));
    scope.post(apiRoutes.facilityImportJobs, { bodyLimit: USER_IMPORT_MAX_BYTES }, async (request, reply) => {
      const actor = requireUser(request);
      const { id } = validateInput(idParams, request.params, 'facility id');
      if (!facility.facilities.getFacility(id)) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
      permissions.assertCanManageFacility(actor, id);
      if (typeof request.body !== 'string') {
        throw new CoreError('INVALID_INPUT', 'Send the users as a CSV file with Content-Type: text/csv.', [{ path: '', message: 'Expected a text/csv body' }]);
      }
      return reply.status(202).send(jobs.start(id, request.body));
    });
  });

  app.get(apiRoutes.facilityLatestImportJob, async (request) => {
    const { id } = validateInput(idParams, request.params, 'facility id');
    if (!facility.facilities.getFacility(id)) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
    permissions.assertCanManageFacility(requireUser(request), id);
    const job = jobs.latest(id);
    if (!job) throw new CoreError('NOT_FOUND', 'No import has run in this facility since Outpost started.');
    return job;
  });

  app.get(apiRoutes.importJob, async (request) => jobFor(request));

  app.post(apiRoutes.importJobCancel, async (request) => jobs.cancel(jobFor(request).id));
}
