import type { FastifyInstance } from 'fastify';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import { USER_IMPORT_MAX_BYTES, type UserImportResponse } from '../../contract/users.js';
import { decodeUserCsv } from '../../facility/index.js';
import { requireUser } from '../auth/request-user.js';
import { validateInput } from '../validate-input.js';
import { idParams, type FacilityRouteContext } from './facility-route-context.js';

// A CSV file name from a facility name: letters, digits and dashes only (it goes in a header).
function fileName(facilityName: string): string {
  const slug = facilityName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return `${slug || 'facility'}-users.csv`;
}

/**
 * `POST /api/facilities/:id/users/import` (a `text/csv` body of at most 5 MB: larger answers 413
 * before anything is read or written) and `GET /api/facilities/:id/users/export`.
 */
export async function registerUserCsvRoutes(app: FastifyInstance, { facility, permissions }: FacilityRouteContext<'facilities' | 'users'>): Promise<void> {
  // A plugin of its own: the text/csv parser and its larger body limit apply to these routes only.
  await app.register(async (scope) => {
    // Bytes, not a string: Fastify would decode invalid UTF-8 into U+FFFD, and "José" saved as
    // Latin-1 would import as "Jos\uFFFD". `decodeUserCsv` refuses such a file instead.
    scope.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: USER_IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));

    scope.post(apiRoutes.facilityUsersImport, { bodyLimit: USER_IMPORT_MAX_BYTES }, async (request, reply) => {
      const actor = requireUser(request);
      const { id } = validateInput(idParams, request.params, 'facility id');
      if (!facility.facilities.getFacility(id)) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
      permissions.assertCanManageFacility(actor, id);
      if (!Buffer.isBuffer(request.body)) {
        throw new CoreError('INVALID_INPUT', 'Send the users as a CSV file with Content-Type: text/csv.', [{ path: '', message: 'Expected a text/csv body' }]);
      }
      const body: UserImportResponse = await facility.users.importUsersCsv(id, decodeUserCsv(request.body));
      return reply.status(201).send(body);
    });

    scope.get(apiRoutes.facilityUsersExport, async (request, reply) => {
      const actor = requireUser(request);
      const { id } = validateInput(idParams, request.params, 'facility id');
      const record = facility.facilities.getFacility(id);
      if (!record) throw new CoreError('NOT_FOUND', `No facility with id "${id}".`);
      permissions.assertCanManageFacility(actor, id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(record.name)}"`)
        .send(facility.users.exportUsersCsv(id));
    });
  });
}
