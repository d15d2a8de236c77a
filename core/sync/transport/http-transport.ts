import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { CoreError, isCoreError } from '../../common/core-error.js';
import type { CertificateRequest, CertificateRequestResponse } from '../protocol/certificate-request.js';
import type { z } from 'zod';
import { parsePeerBaseUrl, type PeerAddressPolicy } from './peer-address.js';
import { createPeerRequester, PeerRequestFailure, type PeerFailureReason, type PeerRequester, type PeerTimeouts } from './peer-request.js';
import { GZIP_MIN_BYTES } from '../protocol/encoded-body.js';
import { GZIP_CAPABILITY, peerLookupPaths, syncPaths } from '../protocol/sync-paths.js';
import type { DeviceInfo, SyncTransport } from '../protocol/sync-transport.js';
import { errorFromWire, isPeerRefusal } from '../protocol/wire-error.js';
import { deviceInfoSchema, facilityListSchema } from '../protocol/wire-schemas.js';

const gzipAsync = promisify(gzip);


/** How much of a peer's answer is read, after decompression. */
export interface PeerAnswerLimits {
  /** Device info and the facility list: small documents (default 64 KiB). */
  readonly lookupBytes: number;
  /** Every other answer of the protocol (default 32 MiB, the protocol's request limit). */
  readonly syncBytes: number;
}

/** The default answer limits. */
export const defaultPeerAnswerLimits: PeerAnswerLimits = Object.freeze({ lookupBytes: 64 * 1024, syncBytes: 32 * 1024 * 1024 });

/**
 * The default time limits: seconds to connect; up to a minute to start answering, since a peer
 * merges a whole push inside one request; a bounded total. Look-ups get at most `LOOKUP_HEADERS_MS`.
 */
export const defaultPeerTimeouts: PeerTimeouts = Object.freeze({ connectMs: 5_000, headersMs: 60_000, totalMs: 180_000 });

/** Device info and the facility list are answered at once by a live device: a person waits on them. */
const LOOKUP_HEADERS_MS = 10_000;

/** How an HTTP transport reaches its peer. Copied and frozen. */
export interface HttpTransportOptions {
  /** The peer's base URL, e.g. `http://192.168.1.20:8080`. */
  readonly baseUrl: string;
  /** Sends one request; default: `createPeerRequester()` (tests wrap it to cut connections). */
  readonly request?: PeerRequester;
  /** Which addresses the peer's name may resolve to (default: any unicast address, no loopback). */
  readonly policy?: PeerAddressPolicy;
  /** Attempts after the first when a request never reached the peer (default 5). */
  readonly retries?: number;
  /** The first back-off; each later one doubles, up to 5 s (default 200 ms). */
  readonly backoffMs?: number;
  readonly timeouts?: Partial<PeerTimeouts>;
  readonly limits?: Partial<PeerAnswerLimits>;
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
  /** The peer's public facility list (no credentials needed). */
  facilities(): Promise<PeerFacilityList>;
  /** Bytes sent and received so far. */
  wireCounters(): WireCounters;
}

/** A peer's facilities, as its public list shows them. */
export interface PeerFacilityList {
  readonly facilities: readonly { readonly id: string; readonly name: string }[];
}

const failureText: Readonly<Record<PeerFailureReason, string>> = Object.freeze({
  'address-refused': 'it is not an address this device may contact',
  'lookup-failed': 'its name could not be found',
  'connect-failed': 'the connection failed',
  'connect-timeout': 'the connection timed out',
  'headers-timeout': 'it did not answer in time',
  'total-timeout': 'its answer took too long',
  'connection-lost': 'the connection was lost',
  redirect: 'it answered with a redirect, which this device never follows',
  'too-large': 'its answer was larger than this device accepts',
  'bad-encoding': 'its answer was not readable',
});

/** Whether a failed attempt may be sent again: only when the peer cannot have seen it, or for a GET cut off (not timed out). */
function worthRetrying(failure: PeerRequestFailure, method: 'GET' | 'POST'): boolean {
  if (failure.reason === 'connect-failed') return true;
  return method === 'GET' && failure.reason === 'connection-lost';
}

/** A peer address as `scheme://host[:port]`; INVALID_INPUT (field `address`) for anything but an http(s) base URL. */
export function normalizeBaseUrl(text: string): string {
  return parsePeerBaseUrl(text).href;
}

/**
 * Creates a `SyncTransport` over HTTP (`/api/sync/*`) with the peer requester: only the protocol's
 * paths below a bare base URL, addresses checked against `policy`, no redirects, answers capped and
 * time-limited. Bodies go gzip-compressed when the peer announces the `gzip` capability; answers
 * come compressed when it does. A request the peer cannot have seen (the connection never came up)
 * is retried with exponential back-off, as is a repeatable call answered 502–504 by a proxy; a
 * timeout never is. Opening a session (a single-use nonce) and the certificate request are sent
 * once. Peer refusals arrive as the same `CoreError`s (and certificate failures) the in-process
 * transport gives, marked as the peer's (`isPeerRefusal`).
 */
export function createHttpTransport(input: HttpTransportOptions): HttpSyncTransport {
  const options = Object.freeze({ ...input });
  const base = parsePeerBaseUrl(options.baseUrl);
  const baseUrl = base.href;
  const send = options.request ?? createPeerRequester();
  const policy: PeerAddressPolicy = options.policy ?? { reach: 'unicast', allowLoopback: false };
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 200;
  const timeouts: PeerTimeouts = { ...defaultPeerTimeouts, ...options.timeouts };
  const limits: PeerAnswerLimits = { ...defaultPeerAnswerLimits, ...options.limits };
  const lookupTimeouts: PeerTimeouts = { ...timeouts, headersMs: Math.min(timeouts.headersMs, LOOKUP_HEADERS_MS), totalMs: Math.min(timeouts.totalMs, 2 * LOOKUP_HEADERS_MS) };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let sent = 0;
  let received = 0;
  let peerInfo: Promise<DeviceInfo> | undefined;
  const notOutpost = (path: string, status: number) =>
    new CoreError('PEER_UNREACHABLE', `The device at ${baseUrl} did not answer ${path} like an Outpost device${status > 0 ? ` (HTTP ${status})` : ''}.`);

  const attempt = async (method: 'GET' | 'POST', path: string, body: unknown, useGzip: boolean, maxBytes: number): Promise<unknown> => {
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
      headers['content-length'] = String(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength);
      sent += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
    }
    const answer = await send({ base, method, path, headers, ...(payload !== undefined ? { body: payload } : {}), maxBytes, timeouts: method === 'GET' ? lookupTimeouts : timeouts, policy });
    received += answer.wireBytes;
    const text = answer.body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (answer.status >= 500) throw Object.assign(new Error(`HTTP ${answer.status}`), { code: `HTTP_${answer.status}` });
      throw notOutpost(path, answer.status);
    }
    if (answer.status >= 200 && answer.status < 300) return parsed;
    // A proxy or a peer still starting may answer 502–504 without our error body: transient.
    if ([502, 503, 504].includes(answer.status) && !(parsed && typeof (parsed as { code?: unknown }).code === 'string')) {
      throw Object.assign(new Error(`HTTP ${answer.status}`), { code: `HTTP_${answer.status}` });
    }
    if (!(parsed && typeof (parsed as { code?: unknown }).code === 'string')) throw notOutpost(path, answer.status);
    throw errorFromWire(parsed);
  };

  const request = async (method: 'GET' | 'POST', path: string, body: unknown, policyOf: 'repeatable' | 'once', useGzip: boolean, maxBytes: number, attemptsAfterFirst = retries): Promise<unknown> => {
    for (let tries = 0; ; tries++) {
      try {
        return await attempt(method, path, body, useGzip, maxBytes);
      } catch (error) {
        if (isCoreError(error)) throw error;
        let retry: boolean;
        let why: string;
        if (error instanceof PeerRequestFailure) {
          retry = worthRetrying(error, method);
          why = failureText[error.reason];
        } else {
          // A 502–504 without our body: the peer (or a proxy) answered and said it could not, so a repeatable call may go again.
          retry = policyOf === 'repeatable';
          why = (error as Error).message;
        }
        if (!retry || tries >= attemptsAfterFirst) throw new CoreError('PEER_UNREACHABLE', `Could not reach the peer at ${baseUrl}: ${why}.`, undefined, { cause: error });
        await sleep(Math.min(backoffMs * 2 ** tries, 5_000));
      }
    }
  };

  const call = async <T>(path: string, body: unknown, policyOf: 'repeatable' | 'once' = 'repeatable'): Promise<T> => {
    const useGzip = options.gzip !== false && (await capabilities()).includes(GZIP_CAPABILITY);
    return (await request('POST', path, body, policyOf, useGzip, limits.syncBytes)) as T;
  };

  // A look-up is how a device is told from anything else listening: a refusal there (a 404 in our
  // shape, say) means "not an Outpost device", like any other wrong answer.
  const lookup = async <S extends z.ZodType>(path: string, schema: S, attemptsAfterFirst = retries): Promise<z.output<S>> => {
    let answer: unknown;
    try {
      answer = await request('GET', path, undefined, 'repeatable', false, limits.lookupBytes, attemptsAfterFirst);
    } catch (error) {
      if (isPeerRefusal(error)) throw notOutpost(path, 0);
      throw error;
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw notOutpost(path, 200);
    return parsed.data;
  };
  const deviceInfo = (): Promise<DeviceInfo> => lookup(syncPaths.deviceInfo, deviceInfoSchema);
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
    // Asked while a person waits on the setup page for an address they typed: one try, no back-off.
    facilities: () => lookup(peerLookupPaths.facilities, facilityListSchema, 0),
    createNonce: () => call(syncPaths.nonces, {}),
    certificateChains: (request) => call(syncPaths.certificateChains, request),
    openSession: (request) => call(syncPaths.openSession, request, 'once'),
    initializeTransfer: (request) => call(syncPaths.initializeTransfer, request),
    proceed: (request) => call(syncPaths.proceed, request),
    pushChunk: (request) => call(syncPaths.pushChunk, request),
    pullChunk: (request) => call(syncPaths.pullChunk, request),
    closeSession: async (request) => {
      await call(syncPaths.closeSession, request);
    },
    requestCertificate: (request) => call(syncPaths.certificateRequest, request, 'once'),
    wireCounters: () => ({ sent, received }),
  } satisfies HttpSyncTransport);
}
