import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { CoreError, isCoreError } from '../../common/core-error.js';
import type { CertificateRequest, CertificateRequestResponse } from '../session/certificate-issuer.js';
import { GZIP_CAPABILITY, syncPaths } from './sync-paths.js';
import type { DeviceInfo, SyncTransport } from './sync-transport.js';
import { errorFromWire } from './wire-error.js';

const gzipAsync = promisify(gzip);

/** Request bodies smaller than this go plain: gzip would cost more than it saves. */
const GZIP_MIN_BYTES = 1024;

/** The narrow part of `fetch` the transport uses, so a test can wrap it (count bytes, cut connections). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array | string; signal?: AbortSignal }) => Promise<Response>;

/** How an HTTP transport reaches its peer. Copied and frozen. */
export interface HttpTransportOptions {
  /** The peer's base URL, e.g. `http://192.168.1.20:8080`. */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  /** Attempts after the first for a transient network failure (default 5). */
  readonly retries?: number;
  /** The first back-off; each later one doubles, up to 5 s (default 200 ms). */
  readonly backoffMs?: number;
  /** Gives up on one request after this long (default 5 minutes: a peer may apply a large chunk of records). */
  readonly timeoutMs?: number;
  /** Use gzip when the peer supports it (default true). */
  readonly gzip?: boolean;
  /** Waits between attempts; tests make it instant. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Bytes that crossed the wire (compressed sizes when gzip was used), for the benchmark and the UI. */
export interface WireCounters {
  readonly sent: number;
  readonly received: number;
}

/** The sync protocol over HTTP, plus asking the peer for a certificate. */
export interface HttpSyncTransport extends SyncTransport {
  readonly baseUrl: string;
  /** Proves a user's credentials to the peer and answers a certificate chain for `publicKey`. */
  requestCertificate(request: CertificateRequest): Promise<CertificateRequestResponse>;
  /** Bytes sent and received so far. */
  wireCounters(): WireCounters;
}

// Failures where the request may not have reached the peer, or its answer was lost: worth another try.
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The low-level code of a fetch failure (undici wraps it in `cause`). */
function failureCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if ((current as Error).name === 'TimeoutError' || (current as Error).name === 'AbortError') return 'ETIMEDOUT';
  }
  return undefined;
}

/** A peer address as `scheme://host[:port]`; INVALID_INPUT for anything but an http(s) URL. */
export function normalizeBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CoreError('INVALID_INPUT', `"${text}" is not a peer address; use one like http://192.168.1.20:8080.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CoreError('INVALID_INPUT', `A peer address must start with http:// or https://, not "${url.protocol}".`);
  return `${url.protocol}//${url.host}`;
}

/**
 * Creates a `SyncTransport` over HTTP (`/api/sync/*`) with `fetch`. Bodies go gzip-compressed
 * when the peer announces the `gzip` capability; answers come compressed when it does. A transient
 * network failure (refused, reset, timed out, 503) is retried with exponential back-off; every call
 * of the protocol is safe to repeat except opening a session, whose nonce is single-use, so that
 * is retried only when the connection was refused (the peer never saw it). Peer refusals arrive as
 * the same `CoreError`s (and certificate failures) the in-process transport gives.
 */
export function createHttpTransport(input: HttpTransportOptions): HttpSyncTransport {
  const options = Object.freeze({ ...input });
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let sent = 0;
  let received = 0;
  let peerInfo: Promise<DeviceInfo> | undefined;

  const attempt = async (method: 'GET' | 'POST', path: string, body: unknown, useGzip: boolean): Promise<unknown> => {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': useGzip ? 'gzip' : 'identity' };
    let payload: Uint8Array | string | undefined;
    if (method === 'POST') {
      const text = JSON.stringify(body ?? {});
      headers['content-type'] = 'application/json';
      if (useGzip && text.length >= GZIP_MIN_BYTES) {
        payload = await gzipAsync(text, { level: 1 });
        headers['content-encoding'] = 'gzip';
      } else {
        payload = text;
      }
      sent += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
    }
    const response = await doFetch(`${baseUrl}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}), signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    // Content-Length is what crossed the wire (compressed); fetch hands us the decompressed text.
    const length = Number(response.headers.get('content-length'));
    received += Number.isFinite(length) && length > 0 ? length : Buffer.byteLength(text);
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (response.status >= 500) throw Object.assign(new Error(`HTTP ${response.status}`), { code: `HTTP_${response.status}` });
      throw new CoreError('INTERNAL', `The peer at ${baseUrl} answered ${path} with something that is not JSON (HTTP ${response.status}).`);
    }
    if (response.ok) return parsed;
    // A proxy or a peer still starting may answer 502–504 without our error body: transient.
    if ([502, 503, 504].includes(response.status) && !(parsed && typeof (parsed as { code?: unknown }).code === 'string')) {
      throw Object.assign(new Error(`HTTP ${response.status}`), { code: `HTTP_${response.status}` });
    }
    throw errorFromWire(parsed);
  };

  const call = async <T>(method: 'GET' | 'POST', path: string, body: unknown, policy: 'repeatable' | 'once' = 'repeatable'): Promise<T> => {
    const useGzip = options.gzip !== false && path !== syncPaths.deviceInfo && (await capabilities()).includes(GZIP_CAPABILITY);
    for (let tries = 0; ; tries++) {
      try {
        return (await attempt(method, path, body, useGzip)) as T;
      } catch (error) {
        if (isCoreError(error)) throw error;
        const code = failureCode(error) ?? '';
        const transient = TRANSIENT_CODES.has(code) || code.startsWith('HTTP_5');
        const safeToRepeat = policy === 'repeatable' || code === 'ECONNREFUSED';
        if (!transient || !safeToRepeat || tries >= retries) {
          throw new CoreError('PEER_UNREACHABLE', `Could not reach the peer at ${baseUrl} (${code || (error as Error).message}).`, undefined, { cause: error });
        }
        await sleep(Math.min(backoffMs * 2 ** tries, 5_000));
      }
    }
  };

  const deviceInfo = () => call<DeviceInfo>('GET', syncPaths.deviceInfo, undefined);
  const capabilities = async (): Promise<readonly string[]> => {
    if (options.gzip === false) return [];
    peerInfo ??= deviceInfo().catch((error: unknown) => {
      peerInfo = undefined;
      throw error;
    });
    return (await peerInfo).capabilities;
  };

  return Object.freeze({
    baseUrl,
    deviceInfo: async () => {
      const info = await deviceInfo();
      peerInfo = Promise.resolve(info);
      return info;
    },
    createNonce: () => call('POST', syncPaths.nonces, {}),
    certificateChains: (request) => call('POST', syncPaths.certificateChains, request),
    openSession: (request) => call('POST', syncPaths.openSession, request, 'once'),
    initializeTransfer: (request) => call('POST', syncPaths.initializeTransfer, request),
    proceed: (request) => call('POST', syncPaths.proceed, request),
    pushChunk: (request) => call('POST', syncPaths.pushChunk, request),
    pullChunk: (request) => call('POST', syncPaths.pullChunk, request),
    closeSession: async (request) => {
      await call('POST', syncPaths.closeSession, request);
    },
    requestCertificate: (request) => call('POST', syncPaths.certificateRequest, request, 'once'),
    wireCounters: () => ({ sent, received }),
  } satisfies HttpSyncTransport);
}
