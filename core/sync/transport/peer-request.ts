import { lookup } from 'node:dns/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { gunzip } from 'node:zlib';
import { gunzipChunkSize } from '../protocol/encoded-body.js';
import { addressAllowed, type PeerAddressPolicy, type PeerBaseUrl } from './peer-address.js';

/** Time limits of one request to a peer, in milliseconds. */
export interface PeerTimeouts {
  /** Until the TCP (and TLS) connection is up. */
  readonly connectMs: number;
  /** From connected until the answer's status line and headers arrive. */
  readonly headersMs: number;
  /** The whole request, body included. */
  readonly totalMs: number;
}

/** One request to a peer. `path` must be one of the protocol's own paths (the caller's rule). */
export interface PeerRequest {
  readonly base: PeerBaseUrl;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  /** The most answer bytes read, counted after decompression. */
  readonly maxBytes: number;
  readonly timeouts: PeerTimeouts;
  readonly policy: PeerAddressPolicy;
}

/** A peer's answer, fully read and decompressed. */
export interface PeerAnswer {
  readonly status: number;
  readonly body: Buffer;
  /** Bytes that crossed the wire (compressed when gzip was used). */
  readonly wireBytes: number;
}

/** Why a request to a peer failed, for retry decisions and messages; never shown to anonymous callers as-is. */
export type PeerFailureReason = 'address-refused' | 'lookup-failed' | 'connect-failed' | 'connect-timeout' | 'headers-timeout' | 'total-timeout' | 'connection-lost' | 'redirect' | 'too-large' | 'bad-encoding';

/** A request to a peer that produced no usable answer. `sent` is false when the peer cannot have seen it. */
export class PeerRequestFailure extends Error {
  readonly reason: PeerFailureReason;
  readonly sent: boolean;
  constructor(reason: PeerFailureReason, sent: boolean, detail: string, options?: { cause?: unknown }) {
    super(`${reason}: ${detail}`, options);
    this.name = 'PeerRequestFailure';
    this.reason = reason;
    this.sent = sent;
  }
}

/** How a transport sends one request (a test may wrap it to cut connections). */
export type PeerRequester = (request: PeerRequest) => Promise<PeerAnswer>;

/** Resolves a host name to every address it has (the operating system's resolver, hosts file included). */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

const systemResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Picks the address to connect to: an IP literal as is; a name resolved here, every address it
 * resolves to checked, and the connection made to the checked one, so a name cannot pass the check
 * and then resolve elsewhere at connect time (DNS rebinding).
 */
async function checkedAddress(base: PeerBaseUrl, policy: PeerAddressPolicy, resolve: HostResolver, timeoutMs: number): Promise<string> {
  let addresses: readonly string[];
  if (isIP(base.hostname) !== 0) {
    addresses = [base.hostname];
  } else {
    // The look-up counts against the connect time: a resolver that never answers holds nobody for long.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new PeerRequestFailure('connect-timeout', false, `no address for ${base.hostname} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      addresses = await Promise.race([resolve(base.hostname), late]);
    } catch (error) {
      if (error instanceof PeerRequestFailure) throw error;
      throw new PeerRequestFailure('lookup-failed', false, `no address for ${base.hostname}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new PeerRequestFailure('lookup-failed', false, `no address for ${base.hostname}`);
  const refused = addresses.find((address) => !addressAllowed(address, policy));
  if (refused !== undefined) throw new PeerRequestFailure('address-refused', false, `${base.hostname} is ${refused}, which this request may not reach`);
  return addresses[0]!;
}

/**
 * Creates the requester peers are reached with: node:http(s) straight to a checked address, no
 * redirects followed (a 3xx is a failure), no connection pooling, each phase timed out, and the
 * answer read only up to `maxBytes` after decompression; the connection is cut as soon as a limit
 * is passed, so an endless or inflating answer costs at most that much memory.
 */
export function createPeerRequester(options: { readonly resolve?: HostResolver } = {}): PeerRequester {
  const resolve = options.resolve ?? systemResolver;
  return async (input) => {
    const address = await checkedAddress(input.base, input.policy, resolve, input.timeouts.connectMs);
    return new Promise<PeerAnswer>((done, fail) => {
      let connected = false;
      let settled = false;
      let request: ClientRequest | undefined;
      const timers: NodeJS.Timeout[] = [];
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        outcome();
      };
      const failWith = (reason: PeerFailureReason, detail: string, cause?: unknown) => {
        finish(() => fail(new PeerRequestFailure(reason, connected, detail, cause === undefined ? undefined : { cause })));
        request?.destroy();
      };
      const timeout = (ms: number, reason: PeerFailureReason) => {
        const timer = setTimeout(() => failWith(reason, `no answer within ${ms} ms`), ms);
        timers.push(timer);
        return timer;
      };
      const send = input.base.protocol === 'https:' ? httpsRequest : httpRequest;
      const tls = input.base.protocol === 'https:' && isIP(input.base.hostname) === 0 ? { servername: input.base.hostname } : {};
      request = send({
        host: address,
        port: input.base.port,
        method: input.method,
        path: input.path,
        headers: { ...input.headers, host: input.base.host, connection: 'close' },
        agent: false,
        ...tls,
      });
      timeout(input.timeouts.totalMs, 'total-timeout');
      const connecting = timeout(input.timeouts.connectMs, 'connect-timeout');
      request.once('socket', (socket) => {
        const onConnected = () => {
          connected = true;
          clearTimeout(connecting);
          timers.push(setTimeout(() => failWith('headers-timeout', `no answer within ${input.timeouts.headersMs} ms`), input.timeouts.headersMs));
        };
        const secure = input.base.protocol === 'https:';
        socket.once(secure ? 'secureConnect' : 'connect', onConnected);
      });
      request.on('error', (error: NodeJS.ErrnoException) => failWith(connected ? 'connection-lost' : 'connect-failed', error.code ?? error.message, error));
      request.once('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        // The headers arrived: only the total limit is left running.
        for (const timer of timers.splice(1)) clearTimeout(timer);
        if (status >= 300 && status < 400) return failWith('redirect', `HTTP ${status}`);
        const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (encoding !== 'identity' && encoding !== 'gzip') return failWith('bad-encoding', `content-encoding ${encoding}`);
        const declared = Number(response.headers['content-length']);
        if (encoding === 'identity' && Number.isFinite(declared) && declared > input.maxBytes) return failWith('too-large', `${declared} bytes declared`);
        let wireBytes = 0;
        const chunks: Buffer[] = [];
        // Compressed bytes never exceed what they inflate to by much; this bounds a stream of garbage.
        const wireLimit = encoding === 'gzip' ? input.maxBytes + 1024 : input.maxBytes;
        response.on('data', (chunk: Buffer) => {
          wireBytes += chunk.length;
          if (wireBytes > wireLimit) return failWith('too-large', `more than ${input.maxBytes} bytes`);
          chunks.push(chunk);
        });
        response.on('error', (error) => failWith('connection-lost', error.message, error));
        response.once('end', () => {
          if (settled) return;
          const bytes = Buffer.concat(chunks, wireBytes);
          if (encoding !== 'gzip') return finish(() => done({ status, body: bytes, wireBytes }));
          // Inflated at once in zlib's thread pool, into one buffer of the size the trailer announces
          // and never past maxBytes (a gzip bomb stops there), instead of 16 KiB pieces handled on
          // this thread: a pulled page of 500 records is ~300 KB of JSON, ~20 such callbacks.
          gunzip(bytes, { maxOutputLength: input.maxBytes, chunkSize: gunzipChunkSize(bytes, input.maxBytes) }, (error, body) => {
            if (!error) return finish(() => done({ status, body, wireBytes }));
            if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return failWith('too-large', `more than ${input.maxBytes} bytes once inflated`);
            failWith('bad-encoding', error.message, error);
          });
        });
        response.once('aborted', () => failWith('connection-lost', 'the answer was cut short'));
      });
      request.end(input.body);
    });
  };
}
