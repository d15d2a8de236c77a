import { z } from 'zod';
import { canonicalJson } from '../model/canonical-json.js';
import { filterWithin } from '../model/sync-filter.js';
import { CertificateError } from './certificate-error.js';
import { certificateSchema, parseCertificate, type Certificate } from './certificate.js';
import { signMessage, verifySignature } from './signing-keys.js';
import { verifyChain } from './verify-chain.js';

/**
 * A signed statement that a certificate (and so every certificate below it) may no longer sync.
 * It carries the chain of the certificate that signed it, so any device that trusts the dataset's
 * root can check it wherever it arrives from; revocations travel between devices like data.
 */
export interface Revocation {
  readonly certificateId: string;
  readonly datasetId: string;
  readonly revokedAt: number;
  /** Root first; the last certificate signed the revocation and may write the whole dataset. */
  readonly signerChain: readonly Certificate[];
  readonly signature: string;
}

/** The wire form of a revocation. */
export const revocationSchema = z
  .object({
    certificateId: z.string().regex(/^[0-9a-f]{32}$/),
    datasetId: z.string().regex(/^[0-9a-f]{32}$/),
    revokedAt: z.number().int().min(0),
    signerChain: z.array(certificateSchema).min(1).max(16),
    signature: z.string().max(200),
  })
  .strict();

function signedText(revocation: Omit<Revocation, 'signature'>): string {
  const signer = revocation.signerChain[revocation.signerChain.length - 1]!;
  return canonicalJson({ certificateId: revocation.certificateId, datasetId: revocation.datasetId, revokedAt: revocation.revokedAt, signerId: signer.id });
}

/** Signs a revocation with the signer's private key (the last certificate of `signerChain`). */
export function signRevocation(revocation: Omit<Revocation, 'signature'>, signerPrivateKey: string): Revocation {
  return Object.freeze({ ...revocation, signature: signMessage(signerPrivateKey, signedText(revocation)) });
}

/**
 * Checks a revocation: its signer's chain verifies to a trusted root that is the dataset, the
 * signer may write the whole dataset (an admin device, not a learner's), and the signature holds.
 * A revocation stays valid if its signer is revoked later: revocations are never undone.
 */
export function verifyRevocation(value: unknown, isTrustedRoot: (id: string) => boolean): Revocation {
  const parsed = revocationSchema.safeParse(value);
  if (!parsed.success) throw new CertificateError('MALFORMED', `A revocation is malformed: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.`);
  const revocation: Revocation = { ...parsed.data, signerChain: parsed.data.signerChain.map(parseCertificate) };
  const verified = verifyChain(revocation.signerChain, { isTrustedRoot, isRevoked: () => false });
  if (verified.datasetId !== revocation.datasetId) {
    throw new CertificateError('UNTRUSTED_ROOT', `The revocation of ${revocation.certificateId} is signed under dataset ${verified.datasetId}, not ${revocation.datasetId}.`, verified.leaf.id);
  }
  if (!filterWithin([revocation.datasetId], verified.scope.write)) {
    throw new CertificateError('REVOCATION_NOT_ALLOWED', `Certificate ${verified.leaf.id} may not revoke certificates: it cannot write the whole dataset.`, verified.leaf.id);
  }
  if (!verifySignature(verified.leaf.publicKey, signedText(revocation), revocation.signature)) {
    throw new CertificateError('BAD_SIGNATURE', `The revocation of ${revocation.certificateId}: the signature does not verify.`, verified.leaf.id);
  }
  return Object.freeze(revocation);
}
