import { CoreError } from '../../common/core-error.js';

/** Why a certificate, a chain or a revocation was refused. Stable strings: clients branch on them. */
export type CertificateFailure =
  /** Not a well-formed certificate (missing fields, bad encodings, unknown scope parameters). */
  | 'MALFORMED'
  /** The id is not the hash of the public key, profile and salt. */
  | 'WRONG_ID'
  /** The signature does not verify with the parent's key (the root's own key for a root). */
  | 'BAD_SIGNATURE'
  /** A child's profile differs from its parent's. */
  | 'PROFILE_MISMATCH'
  /** A child may read or write partitions its parent may not. */
  | 'SCOPE_EXCEEDS_PARENT'
  /** A root's scope names a dataset other than the root's own id. */
  | 'ROOT_SCOPE_MISMATCH'
  /** The scope definition is not one this device knows. */
  | 'UNKNOWN_SCOPE'
  /** A link of the chain does not name the previous certificate as its parent. */
  | 'BROKEN_CHAIN'
  /** The chain ends in a root this device does not trust. */
  | 'UNTRUSTED_ROOT'
  /** The certificate or one of its ancestors was revoked. */
  | 'REVOKED'
  /** The signer of a revocation may not write the whole dataset, so may not revoke. */
  | 'REVOCATION_NOT_ALLOWED'
  /** This device holds no private key for the certificate it was asked to use. */
  | 'NO_PRIVATE_KEY';

/** A refused certificate: code `CERTIFICATE_INVALID`, with the precise failure in `reason` and in `details`. */
export class CertificateError extends CoreError {
  readonly reason: CertificateFailure;

  constructor(reason: CertificateFailure, message: string, certificateId?: string) {
    super('CERTIFICATE_INVALID', message, [{ path: certificateId ? `certificate.${certificateId}` : 'certificate', message: reason }]);
    this.name = 'CertificateError';
    this.reason = reason;
  }
}

/** True for a `CertificateError`, of the given failure when one is named. */
export function isCertificateError(error: unknown, reason?: CertificateFailure): error is CertificateError {
  return error instanceof CertificateError && (reason === undefined || error.reason === reason);
}
