import type { AuthenticationService, FacilityAdministration } from '../../facility/index.js';
import type { AuthorizeCertificateRequest } from '../../sync/index.js';
import { managesFacility } from '../permissions.js';

/**
 * Who may be given a certificate for a facility: a peer asking for one proves a user's
 * credentials for the facility it names. The grant says whether that user manages the facility
 * (the one rule of `permissions.ts`), which decides the scope a certificate may have.
 */
export function createCertificateRequestPolicy(facility: {
  readonly facilities: Pick<FacilityAdministration, 'getFacility'>;
  readonly authentication: Pick<AuthenticationService, 'authenticate'>;
}): AuthorizeCertificateRequest {
  return async ({ username, password, facilityId }) => {
    const target = facility.facilities.getFacility(facilityId);
    const user = target && (await facility.authentication.authenticate(username, password, facilityId));
    if (!target || !user) return undefined;
    return { userId: user.id, datasetId: target.datasetId, managesFacility: managesFacility(user, facilityId) };
  };
}
