import { filterWithin } from '../model/sync-filter.js';
import { CertificateError } from './certificate-error.js';
import { certificateId, certificateSignedText, type Certificate } from './certificate.js';
import { resolveScope, scopeDefinitionOf, type ResolvedScope } from './scope-definitions.js';
import { verifySignature } from './signing-keys.js';

/** What a device trusts: its roots, and its revocation list. */
export interface ChainTrust {
  isTrustedRoot(certificateId: string): boolean;
  isRevoked(certificateId: string): boolean;
}

/** A chain that verified: its leaf, the leaf's scope, and the dataset (the root's id). */
export interface VerifiedChain {
  readonly leaf: Certificate;
  readonly scope: ResolvedScope;
  readonly datasetId: string;
}

/**
 * Checks one certificate against its parent (`undefined` for a root), each failure with its own
 * reason: a wrong id, an unknown scope, a broken link, a different profile, a bad signature, a
 * scope beyond the parent's, a root whose scope names another dataset. Answers its scope.
 */
export function verifyCertificate(certificate: Certificate, parent: Certificate | undefined): ResolvedScope {
  const { id } = certificate;
  if (certificateId(certificate.publicKey, certificate.profile, certificate.salt) !== id) {
    throw new CertificateError('WRONG_ID', `Certificate ${id}: its id is not derived from its public key, profile and salt.`, id);
  }
  const text = certificateSignedText(certificate);
  if (!parent) {
    if (certificate.parentId !== null) throw new CertificateError('BROKEN_CHAIN', `Certificate ${id} names a parent but stands first in its chain.`, id);
    if (!verifySignature(certificate.publicKey, text, certificate.signature)) throw new CertificateError('BAD_SIGNATURE', `Root certificate ${id}: the signature does not verify.`, id);
    const scope = resolveScope(certificate);
    const definition = scopeDefinitionOf(certificate);
    if (certificate.scopeParams[definition.primaryParam] !== id) {
      throw new CertificateError('ROOT_SCOPE_MISMATCH', `Root certificate ${id} claims the scope of dataset ${certificate.scopeParams[definition.primaryParam]}, not its own.`, id);
    }
    return scope;
  }
  if (certificate.parentId !== parent.id) throw new CertificateError('BROKEN_CHAIN', `Certificate ${id} names parent ${certificate.parentId}, but follows ${parent.id}.`, id);
  // Before the scope: a scope is defined per profile, so a foreign profile would read as an unknown scope.
  if (certificate.profile !== parent.profile) {
    throw new CertificateError('PROFILE_MISMATCH', `Certificate ${id} has profile "${certificate.profile}", its parent "${parent.profile}".`, id);
  }
  if (!verifySignature(parent.publicKey, text, certificate.signature)) throw new CertificateError('BAD_SIGNATURE', `Certificate ${id}: the signature does not verify with its parent's key.`, id);
  const scope = resolveScope(certificate);
  const parentScope = resolveScope(parent);
  if (!filterWithin(scope.read, parentScope.read) || !filterWithin(scope.write, parentScope.write)) {
    throw new CertificateError('SCOPE_EXCEEDS_PARENT', `Certificate ${id} may read or write partitions its parent ${parent.id} may not.`, id);
  }
  return scope;
}

/**
 * Verifies a chain, root first, up to a root this device trusts; a revoked certificate anywhere
 * in it (so the leaf or any ancestor) refuses the whole chain.
 */
export function verifyChain(chain: readonly Certificate[], trust: ChainTrust): VerifiedChain {
  if (chain.length === 0) throw new CertificateError('BROKEN_CHAIN', 'The certificate chain is empty.');
  let scope: ResolvedScope | undefined;
  chain.forEach((certificate, index) => {
    scope = verifyCertificate(certificate, index === 0 ? undefined : chain[index - 1]);
  });
  const root = chain[0]!;
  if (!trust.isTrustedRoot(root.id)) throw new CertificateError('UNTRUSTED_ROOT', `The chain ends in root ${root.id}, which this device does not trust.`, root.id);
  for (const certificate of chain) {
    if (trust.isRevoked(certificate.id)) throw new CertificateError('REVOKED', `Certificate ${certificate.id} was revoked.`, certificate.id);
  }
  return Object.freeze({ leaf: chain[chain.length - 1]!, scope: scope!, datasetId: root.id });
}
