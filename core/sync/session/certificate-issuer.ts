import { CoreError } from '../../common/core-error.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import type { Certificate } from '../certificates/certificate.js';
import { resolveScope } from '../certificates/scope-definitions.js';
import { facilityPartitions } from '../model/facility-partitions.js';
import type { CertificateRequestResponse } from '../protocol/certificate-request.js';
import { parseRequest, requestSchemas } from '../protocol/wire-schemas.js';

/** Who proved their credentials for a certificate request, as the facility domain sees them. */
export interface CertificateGrant {
  readonly userId: string;
  /** The dataset of the facility the request names. */
  readonly datasetId: string;
  /** An admin of that facility or a superuser of this device: may hand out full-facility certificates. */
  readonly managesFacility: boolean;
}

/**
 * Checks a username and password for a facility. The composition root points it at the facility
 * service (`authenticate`), so the engine never imports the facility domain. Answers nothing for
 * wrong credentials, an unknown facility or a user of another facility.
 */
export type AuthorizeCertificateRequest = (credentials: { readonly username: string; readonly password: string; readonly facilityId: string }) => Promise<CertificateGrant | undefined>;

/** Hands out child certificates to devices whose user proves the right credentials. */
export interface CertificateIssuer {
  /** Validates `body`, checks the credentials and signs a child certificate; throws `INVALID_CREDENTIALS` / `PERMISSION_DENIED` otherwise. */
  issue(body: unknown): Promise<CertificateRequestResponse>;
}

/**
 * Creates the issuer of one device. `full-facility` needs a facility admin's (or a superuser's)
 * credentials; `single-user` needs the learner's own, and names that learner. The parent is the
 * widest unrevoked certificate this device holds a key for in the facility's dataset.
 */
export function createCertificateIssuer(options: { readonly certificates: CertificateStore; readonly authorize: AuthorizeCertificateRequest }): CertificateIssuer {
  const { certificates } = options;

  const parentFor = (datasetId: string): Certificate | undefined => {
    const candidates = certificates
      .own(datasetId)
      .filter((certificate) => !certificates.chainOf(certificate.id).some((link) => certificates.isRevoked(link.id)))
      .filter((certificate) => resolveScope(certificate).write.includes(facilityPartitions.dataset(datasetId)));
    return candidates.find((certificate) => certificate.parentId === null) ?? candidates[0];
  };

  return Object.freeze({
    async issue(body: unknown) {
      const request = parseRequest(requestSchemas.certificateRequest, body);
      const grant = await options.authorize({ username: request.username, password: request.password, facilityId: request.facilityId });
      if (!grant) throw new CoreError('INVALID_CREDENTIALS', 'The username or password is wrong for that facility.');
      if (request.scopeDefinition === 'full-facility' && !grant.managesFacility) {
        throw new CoreError('PERMISSION_DENIED', 'Only an admin of the facility can pair a device that holds the whole facility.');
      }
      const parent = parentFor(grant.datasetId);
      if (!parent) throw new CoreError('NOT_FOUND', 'This device cannot hand out certificates for that facility (it does not hold the whole facility).');
      const child = certificates.issueChild({
        parentId: parent.id,
        scopeDefinition: request.scopeDefinition,
        scopeParams: request.scopeDefinition === 'single-user' ? { dataset_id: grant.datasetId, user_id: grant.userId } : { dataset_id: grant.datasetId },
        publicKey: request.publicKey,
      });
      return { chain: [...certificates.chainOf(parent.id), child] };
    },
  });
}
