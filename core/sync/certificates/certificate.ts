import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../model/canonical-json.js';
import { CertificateError } from './certificate-error.js';

/**
 * A sync certificate: a public key, the profile and scope it may sync, and a signature by its
 * parent's key (a root signs itself). A root certificate stands for one facility dataset: the
 * dataset id is the root's id.
 */
export interface Certificate {
  /** `certificateId(publicKey, profile, salt)`. */
  readonly id: string;
  /** `null` for a root. */
  readonly parentId: string | null;
  readonly profile: string;
  /** `full-facility` or `single-user`. */
  readonly scopeDefinition: string;
  readonly scopeVersion: number;
  /** `dataset_id`, and `user_id` for `single-user`. */
  readonly scopeParams: Readonly<Record<string, string>>;
  /** Base64 of the raw Ed25519 public key. */
  readonly publicKey: string;
  readonly salt: string;
  /** Base64 Ed25519 signature of `certificateSignedText` by the parent's key. */
  readonly signature: string;
}

const hex32 = z.string().regex(/^[0-9a-f]{32}$/);
const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200);

/** The wire form of a certificate; anything else is `MALFORMED`. */
export const certificateSchema = z
  .object({
    id: hex32,
    parentId: hex32.nullable(),
    profile: z.string().min(1).max(64),
    scopeDefinition: z.string().min(1).max(64),
    scopeVersion: z.number().int().min(1),
    scopeParams: z.record(z.string().max(64), z.string().min(1).max(128)),
    publicKey: base64,
    salt: z.string().regex(/^[0-9a-f]{8,64}$/),
    signature: base64,
  })
  .strict();

/** A certificate's id: a hash of its public key, profile and salt, so nobody can choose it. */
export function certificateId(publicKey: string, profile: string, salt: string): string {
  return createHash('sha256').update(canonicalJson({ publicKey, profile, salt })).digest('hex').slice(0, 32);
}

/** The text a certificate's signature covers: every field but the signature, in canonical JSON. */
export function certificateSignedText(certificate: Omit<Certificate, 'signature'>): string {
  const { id, parentId, profile, scopeDefinition, scopeVersion, scopeParams, publicKey, salt } = certificate;
  return canonicalJson({ id, parentId, profile, scopeDefinition, scopeVersion, scopeParams: { ...scopeParams }, publicKey, salt });
}

/** Parses a certificate from untrusted JSON, refusing anything malformed with `CERTIFICATE_INVALID`. */
export function parseCertificate(value: unknown): Certificate {
  const parsed = certificateSchema.safeParse(value);
  if (!parsed.success) throw new CertificateError('MALFORMED', `A certificate is malformed: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}.`);
  return Object.freeze({ ...parsed.data, scopeParams: Object.freeze({ ...parsed.data.scopeParams }) });
}
