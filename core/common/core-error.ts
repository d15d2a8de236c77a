/** Stable error codes. Clients branch on these strings, so never rename one; add new ones instead. */
export type ErrorCode =
  | 'NOT_AUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'PERMISSION_DENIED'
  | 'CSRF_FAILED'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SYNC_SCOPE_VIOLATION'
  | 'CERTIFICATE_INVALID'
  | 'CONFIG_INVALID'
  | 'MIGRATION_FAILED'
  /** A sync peer could not be reached (network down, peer stopped) even after retries. */
  | 'PEER_UNREACHABLE'
  /** A sync peer answered with a refusal of its own; its code and message are in `details` (`peer.code`, `peer.message`). */
  | 'PEER_REFUSED'
  /** A backup file is not one, is truncated or damaged, or does not fit this version; nothing was changed. */
  | 'BACKUP_INVALID'
  /** A write failed because the disk holding the home folder is full (SQLITE_FULL, ENOSPC). */
  | 'STORAGE_FULL'
  /** A write failed because the home folder became read-only (SQLITE_READONLY, EROFS). */
  | 'STORAGE_READ_ONLY'
  /** This device no longer holds the facility a peer asked to sync (deleted, or this device was reset). */
  | 'FACILITY_GONE'
  /** This device runs as many syncs as it may; the client waits its turn (`details`: `position`) and asks again. */
  | 'SYNC_QUEUED'
  /** Syncing with a peer stopped for good (the facility is gone there, the certificate was revoked, the peer was reset); `details`: `reason`. */
  | 'SYNC_STOPPED'
  | 'INTERNAL';

/** One field-level problem, reported under `details` of an `INVALID_INPUT` error. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** The JSON shape of every error the HTTP API returns. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: readonly FieldError[];
}

/**
 * The one error type of Outpost. `message` is written for a person (it may be shown as-is);
 * `code` is for programs. Broken invariants use `CoreError.bug`, whose message is never shown.
 */
export class CoreError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly FieldError[] | undefined;

  constructor(code: ErrorCode, message: string, details?: readonly FieldError[], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
  }

  /** An invariant the code relies on did not hold: a defect, not a user mistake. */
  static bug(message: string, cause?: unknown): CoreError {
    return new CoreError('INTERNAL', message, undefined, { cause });
  }

  /** The body sent to clients; internal errors never leak their message. */
  toBody(): ErrorBody {
    if (this.code === 'INTERNAL') return { code: 'INTERNAL', message: 'Something went wrong on the server.' };
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** True for a `CoreError` of the given code (or any code when omitted). */
export function isCoreError(error: unknown, code?: ErrorCode): error is CoreError {
  return error instanceof CoreError && (code === undefined || error.code === code);
}
