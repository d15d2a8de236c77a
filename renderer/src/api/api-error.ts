import type { ErrorBody, ErrorCode, FieldError } from '../../../core/contract/error-body.js';

/** Codes the client adds for failures that never reached, or were not understood from, the server. */
export type ClientErrorCode = 'NETWORK' | 'UNEXPECTED_RESPONSE';

/** A failed API call: the server's `{ code, message, details }`, or a client-side failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: readonly FieldError[];

  constructor(status: number, code: ErrorCode | ClientErrorCode, message: string, details: readonly FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The message for one field (`path` as the server spells it), if the server reported one. */
  fieldError(path: string): string | undefined {
    return this.details.find((detail) => detail.path === path)?.message;
  }
}

/**
 * The server's messages for a form's fields (`fields` as the server spells their paths), keyed by
 * field; empty when `caught` is not an ApiError or names none of them.
 */
export function fieldErrorsOf<Field extends string>(caught: unknown, fields: readonly Field[]): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  if (!(caught instanceof ApiError)) return found;
  for (const field of fields) {
    const message = caught.fieldError(field);
    if (message) found[field] = message;
  }
  return found;
}

/** True when `value` has the shape of the API's error body. */
function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body['code'] === 'string' && typeof body['message'] === 'string';
}

/** Keeps only well-formed `{ path, message }` entries; a malformed list is dropped, not trusted. */
function parseDetails(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { path, message } = entry as Record<string, unknown>;
    if (typeof message !== 'string') return [];
    // Some validators report a path as an array of segments; the UI keys fields by dotted path.
    const dotted = Array.isArray(path) ? path.map(String).join('.') : typeof path === 'string' ? path : '';
    return [{ path: dotted, message }];
  });
}

/**
 * Turns a non-2xx answer into an ApiError. The body may be anything (a proxy's HTML page, an empty
 * body, truncated JSON), so nothing is assumed beyond what is checked.
 */
export function parseErrorResponse(status: number, bodyText: string): ApiError {
  let parsed: unknown;
  try {
    parsed = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  if (isErrorBody(parsed)) {
    return new ApiError(status, parsed.code, parsed.message, parseDetails((parsed as { details?: unknown }).details));
  }
  return new ApiError(status, 'UNEXPECTED_RESPONSE', `The server answered ${status} without an error description.`);
}

/** True for the 401 that means "this session no longer exists" (as opposed to wrong credentials). */
export function isNotAuthenticated(status: number, error: ApiError): boolean {
  return status === 401 && error.code === 'NOT_AUTHENTICATED';
}
