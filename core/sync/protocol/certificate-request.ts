import type { Certificate } from '../certificates/certificate.js';
import type { ScopeDefinitionId } from '../certificates/scope-definitions.js';

/** A certificate request as it travels: credentials, the scope wanted and the requester's public key. */
export interface CertificateRequest {
  readonly facilityId: string;
  readonly scopeDefinition: ScopeDefinitionId;
  readonly publicKey: string;
  readonly username: string;
  readonly password: string;
}

/** The answer: the new certificate's chain, root first. */
export interface CertificateRequestResponse {
  readonly chain: readonly Certificate[];
}
