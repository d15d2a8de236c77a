import { CoreError, type ErrorCode, type FieldError } from '../../common/core-error.js';
import { CertificateError, type CertificateFailure } from '../certificates/certificate-error.js';

/** The `{ code, message, details }` body every refusal travels as. */
export interface WireErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: readonly FieldError[];
}

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'NOT_AUTHENTICATED',
  'INVALID_CREDENTIALS',
  'PERMISSION_DENIED',
  'CSRF_FAILED',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'SYNC_SCOPE_VIOLATION',
  'CERTIFICATE_INVALID',
  'CONFIG_INVALID',
  'MIGRATION_FAILED',
  'PEER_UNREACHABLE',
  'PEER_REFUSED',
  'FACILITY_GONE',
  'SYNC_QUEUED',
  'SYNC_STOPPED',
  'INTERNAL',
]);

// Marks errors rebuilt from a peer's answer, so that the peer service can tell them from its own.
const FROM_PEER = Symbol('outpost.fromPeer');

/** True when `error` is a refusal a peer answered with (rebuilt by `errorFromWire`), not one of this device's own. */
export function isPeerRefusal(error: unknown): error is CoreError {
  return error instanceof CoreError && (error as unknown as Record<symbol, unknown>)[FROM_PEER] === true;
}

function fromPeer(error: CoreError): CoreError {
  Object.defineProperty(error, FROM_PEER, { value: true });
  return error;
}

/**
 * Rebuilds the error a peer refused with from its wire body, so that a client branches on the same
 * codes (and certificate failures) whether the peer is in this process or across the network.
 */
export function errorFromWire(body: unknown): CoreError {
  const candidate = body as Partial<WireErrorBody> | null;
  if (!candidate || typeof candidate.code !== 'string' || typeof candidate.message !== 'string' || !KNOWN_CODES.has(candidate.code)) {
    return fromPeer(new CoreError('INTERNAL', 'The peer answered with an error this device does not understand.'));
  }
  const details = Array.isArray(candidate.details) ? candidate.details : undefined;
  const reason = details?.[0]?.message;
  if (candidate.code === 'CERTIFICATE_INVALID' && typeof reason === 'string') return fromPeer(new CertificateError(reason as CertificateFailure, candidate.message));
  return fromPeer(new CoreError(candidate.code as ErrorCode, candidate.message, details));
}

/** Reduces any error to what crosses the wire and back (an unexpected one becomes INTERNAL). */
export function overTheWire(error: unknown): CoreError {
  if (!(error instanceof CoreError)) return new CoreError('INTERNAL', 'Something went wrong on the peer.');
  return errorFromWire(error.toBody());
}
