import type { ErrorCode } from '../common/core-error.js';

/** The one table that maps an error code to its HTTP status. */
export const errorStatus: Readonly<Record<ErrorCode, number>> = Object.freeze({
  NOT_AUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  PERMISSION_DENIED: 403,
  CSRF_FAILED: 403,
  SYNC_SCOPE_VIOLATION: 403,
  INVALID_INPUT: 400,
  CERTIFICATE_INVALID: 400,
  CONFIG_INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  MIGRATION_FAILED: 500,
  PEER_UNREACHABLE: 502,
  PEER_REFUSED: 502,
  FACILITY_GONE: 410,
  SYNC_QUEUED: 503,
  SYNC_STOPPED: 409,
  INTERNAL: 500,
});
