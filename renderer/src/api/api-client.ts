import { apiRoutes } from '../../../core/contract/api-routes.js';
import { CSRF_COOKIE, CSRF_HEADER } from '../../../core/contract/auth.js';
import { ApiError, isNotAuthenticated, parseErrorResponse } from './api-error.js';
import type { SessionGuard } from './session-guard.js';

/** An HTTP method of the API. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A query string value; `undefined` and `''` are left out. */
export type QueryValue = string | number | boolean | undefined;

/** One API call. */
export interface ApiRequest {
  readonly method?: HttpMethod;
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as-is with its content type (CSV upload). */
  readonly raw?: { readonly body: string | Blob; readonly contentType: string };
  readonly signal?: AbortSignal;
  /** How to read a 2xx answer. Default `json` (an empty body reads as `undefined`). */
  readonly responseType?: 'json' | 'text' | 'blob';
  /**
   * For the calls that are expected to be made without a session (the start-up session check):
   * their 401 is an answer, thrown as an ApiError, not a sign that a session ended.
   */
  readonly anonymous?: boolean;
}

/** The typed HTTP client every feature uses; one per app. */
export interface ApiClient {
  request<T>(request: ApiRequest): Promise<T>;
}

/** The parts of the browser the client uses, injected so tests can drive it without a browser. */
export interface ApiClientOptions {
  readonly fetch: typeof fetch;
  /** Reads a cookie by name (`document.cookie` in the browser). */
  readonly readCookie: (name: string) => string | undefined;
  readonly guard: SessionGuard;
  /** Prefix for every path; empty when the UI is served by the core itself. */
  readonly baseUrl?: string;
  /**
   * Told when a request is dropped for good (it will never settle): its session changed or ended
   * on the way (`session-changed`), or its 401 went to the guard (`not-authenticated`). Tests wait on it.
   */
  readonly onDropped?: (request: ApiRequest, reason: DropReason) => void;
}

/** Why a request was dropped instead of settling. */
export type DropReason = 'session-changed' | 'not-authenticated';

const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET']);

/**
 * A promise that never settles. A request whose session has ended resolves to this, so the view
 * that made it neither renders an error nor receives data: it simply goes away with the session.
 */
function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

/** Builds `path?query`, leaving out empty values. */
export function buildUrl(baseUrl: string, path: string, query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

/** Reads one cookie from a `document.cookie` string. */
export function readCookieFrom(cookieString: string, name: string): string | undefined {
  for (const part of cookieString.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) return decodeURIComponent(part.slice(separator + 1).trim());
  }
  return undefined;
}

/** Creates the API client. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const { guard } = options;

  async function request<T>(call: ApiRequest): Promise<T> {
    const method = call.method ?? 'GET';
    const drop = (reason: DropReason): Promise<T> => {
      options.onDropped?.(call, reason);
      return never();
    };
    const epoch = guard.currentEpoch();
    const epochSignal = guard.epochSignal();
    const signal = call.signal ? AbortSignal.any([call.signal, epochSignal]) : epochSignal;
    const headers = new Headers({ Accept: call.responseType === 'blob' || call.responseType === 'text' ? '*/*' : 'application/json' });
    let body: string | Blob | undefined;
    if (call.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(call.json);
    } else if (call.raw) {
      headers.set('Content-Type', call.raw.contentType);
      body = call.raw.body;
    }
    const unsafe = !SAFE_METHODS.has(method);
    const send = async (): Promise<Response> => {
      if (unsafe) {
        // Double-submit CSRF: echo the cookie the server set; a page on another origin cannot read it.
        if (options.readCookie(CSRF_COOKIE) === undefined) await armCsrfToken(signal);
        headers.set(CSRF_HEADER, options.readCookie(CSRF_COOKIE) ?? '');
      }
      return options.fetch(buildUrl(baseUrl, call.path, call.query), { method, headers, body, credentials: 'same-origin', signal });
    };

    let response: Response;
    try {
      response = await send();
      if (unsafe && response.status === 403) {
        // The token cookie may have been cleared or replaced (another tab signed in). The server
        // refuses before reading the body, so nothing was written: take a fresh token and retry once.
        const error = parseErrorResponse(response.status, await readText(response.clone()));
        if (error.code === 'CSRF_FAILED') {
          await armCsrfToken(signal);
          response = await send();
        }
      }
    } catch (error) {
      // Aborted because the session ended: stay silent, the sign-in page is already on its way.
      if (epochSignal.aborted || guard.currentEpoch() !== epoch) return drop('session-changed');
      if (call.signal?.aborted) throw error;
      throw new ApiError(0, 'NETWORK', 'The Outpost server cannot be reached.');
    }
    if (guard.currentEpoch() !== epoch) return drop('session-changed');

    if (!response.ok) {
      const error = parseErrorResponse(response.status, await readText(response));
      if (!call.anonymous && isNotAuthenticated(response.status, error)) {
        guard.notAuthenticated(epoch);
        return drop('not-authenticated');
      }
      if (guard.currentEpoch() !== epoch) return drop('session-changed');
      throw error;
    }
    let result: T;
    try {
      result = await readBody<T>(response, call.responseType ?? 'json');
    } catch (error) {
      if (guard.currentEpoch() !== epoch) return drop('session-changed');
      throw error;
    }
    // The session may have ended while the body was streaming in; the next user must never see it.
    if (guard.currentEpoch() !== epoch) return drop('session-changed');
    return result;
  }

  /** Any GET under /api/ sets the CSRF cookie when it is missing; health is the cheapest one. */
  async function armCsrfToken(signal: AbortSignal): Promise<void> {
    await options.fetch(buildUrl(baseUrl, apiRoutes.health), { credentials: 'same-origin', signal });
  }

  return Object.freeze({ request });
}

/** The body as text; a connection cut mid-body reads as empty. */
async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch {
    return '';
  }
}

async function readBody<T>(response: Response, type: 'json' | 'text' | 'blob'): Promise<T> {
  if (type === 'blob') return (await response.blob()) as T;
  const text = await response.text();
  if (type === 'text') return text as T;
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'UNEXPECTED_RESPONSE', 'The server answered with something that is not JSON.');
  }
}
