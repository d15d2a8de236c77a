import { PassThrough, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreError, isCoreError } from '../../common/core-error.js';
import { usernameKey } from '../../facility/index.js';
import { type CertificateIssuer, GZIP_CAPABILITY, GZIP_MIN_BYTES, syncPaths, type SyncServer } from '../../sync/index.js';
import { refusalMessage, type SignInThrottle } from '../auth/sign-in-throttle.js';

const gzipAsync = promisify(gzip);

/**
 * The largest sync request body, after decompression. A full push chunk (1,000 records of facility
 * rows) is well under 4 MB; the limit leaves room for large rows without letting a peer make the
 * server buffer an unbounded body (a gzip bomb is cut off at this many decompressed bytes).
 */
export const SYNC_BODY_LIMIT = 32 * 1024 * 1024;

/** What the sync routes are built from. */
export interface SyncRouteOptions {
  readonly server: SyncServer;
  readonly issuer: CertificateIssuer;
  /** Certificate requests carry a password: they count against the sign-in limits. */
  readonly throttle: SignInThrottle;
  readonly bodyLimit?: number;
}

/** Whether an Accept-Encoding header accepts gzip (and does not refuse it with q=0). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * A gzip request body as the plain stream Fastify reads. Fastify counts the decompressed bytes
 * against the body limit; `receivedEncodedLength` lets it check Content-Length against the bytes
 * that actually arrived. A truncated or corrupt body fails as INVALID_INPUT, never as a 500.
 */
function gunzipped(payload: Readable): Readable {
  const gunzip = createGunzip();
  const out = new PassThrough() as PassThrough & { receivedEncodedLength: number };
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    out.receivedEncodedLength += chunk.length;
  });
  const fail = () => out.destroy(new CoreError('INVALID_INPUT', 'The gzip request body is truncated or corrupt.', [{ path: '', message: 'Invalid gzip' }]));
  payload.on('error', fail);
  gunzip.on('error', fail);
  payload.pipe(gunzip).pipe(out);
  return out;
}

/** The username of a certificate request body, if it has one, for the throttle. */
function usernameOf(body: unknown): string | undefined {
  const username = (body as { username?: unknown } | null)?.username;
  return typeof username === 'string' ? username : undefined;
}

/**
 * `/api/sync/*`: the peer-facing sync protocol, one route per call of the `SyncServer` (which
 * validates every body with the wire schemas and changes nothing when it refuses). This layer adds
 * only what HTTP needs: gzip both ways when the client asks for it, a body limit, and throttled
 * certificate requests. No cookies, no CSRF: peers prove themselves with certificates.
 */
export async function registerSyncRoutes(app: FastifyInstance, options: SyncRouteOptions): Promise<void> {
  const { server } = options;
  const bodyLimit = options.bodyLimit ?? SYNC_BODY_LIMIT;

  // Encapsulated: the gzip hooks apply to the sync routes only.
  await app.register(async (scope) => {
    scope.addHook('onSend', async (request, reply, payload) => {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      // A pulled page comes from the sync server already encoded.
      if (reply.hasHeader('content-encoding')) return payload;
      if (!acceptsGzip(request.headers['accept-encoding']) || Buffer.byteLength(payload) < GZIP_MIN_BYTES) return payload;
      reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
      // Level 1: on a LAN the CPU is the bottleneck, and level 1 already shrinks JSON records ~5×.
      return gzipAsync(payload, { level: 1 });
    });

    // A pushed chunk reaches the sync server as the bytes that arrived (gzip or not): it decodes
    // them itself, in the sync worker, so this thread neither parses 1,000 records nor copies them
    // to the worker object by object (issue 14). Its body limit holds for the bytes as sent here,
    // and for the decompressed bytes there.
    await scope.register(async (encoded) => {
      encoded.addHook('preParsing', async (request, _reply, payload) => {
        contentEncoding(request);
        return payload;
      });
      encoded.removeAllContentTypeParsers();
      encoded.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
      encoded.post(syncPaths.pushChunk, { bodyLimit }, async (request) =>
        server.pushChunkEncoded({ bytes: (request.body as Buffer | undefined) ?? Buffer.alloc(0), gzip: contentEncoding(request) === 'gzip' }, bodyLimit),
      );
    });

    await scope.register(async (parsed) => {
      parsed.addHook('preParsing', async (request, _reply, payload) => (contentEncoding(request) === 'gzip' ? gunzipped(payload) : payload));
      await registerParsedRoutes(parsed, options, bodyLimit);
    });
  });
}

/** A request's Content-Encoding: gzip or identity; anything else is refused as INVALID_INPUT. */
function contentEncoding(request: FastifyRequest): 'gzip' | 'identity' {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity') return 'identity';
  if (encoding !== 'gzip') throw new CoreError('INVALID_INPUT', `Unsupported Content-Encoding "${encoding}"; send gzip or plain JSON.`);
  return 'gzip';
}

/** Every sync route but the pushed chunk: bodies parsed as JSON here, handed to the server as values. */
async function registerParsedRoutes(scope: FastifyInstance, options: SyncRouteOptions, bodyLimit: number): Promise<void> {
  const { server, issuer, throttle } = options;
  const post = <T>(path: string, handle: (body: unknown, request: FastifyRequest, reply: FastifyReply) => T | Promise<T>) =>
    scope.post(path, { bodyLimit }, async (request, reply) => handle(request.body ?? {}, request, reply));

  scope.get(syncPaths.deviceInfo, async () => {
    const info = await server.deviceInfo();
    return { ...info, capabilities: [...new Set([...info.capabilities, GZIP_CAPABILITY])] };
  });
  post(syncPaths.nonces, () => server.createNonce());
  post(syncPaths.certificateChains, (body) => server.certificateChains(body));
  post(syncPaths.certificateRequest, async (body, request, reply) => {
    const username = usernameOf(body);
    if (username === undefined) return issuer.issue(body);
    // By key, as sign-in does: every form of a username counts against one account.
    const admission = throttle.admit(usernameKey(username), request.ip);
    if (!admission.admitted) {
      reply.header('retry-after', String(Math.ceil(admission.retryAfterMs / 1000)));
      throw new CoreError('RATE_LIMITED', refusalMessage(admission, 'certificate requests'));
    }
    try {
      const response = await issuer.issue(body);
      admission.succeeded();
      return response;
    } catch (error) {
      if (isCoreError(error, 'INVALID_CREDENTIALS')) admission.failed();
      else admission.abandoned();
      throw error;
    }
  });
  post(syncPaths.openSession, (body, request) => server.openSession(body, { address: request.ip }));
  post(syncPaths.closeSession, async (body) => {
    await server.closeSession(body);
    return { closed: true };
  });
  post(syncPaths.initializeTransfer, (body) => server.initializeTransfer(body));
  post(syncPaths.proceed, (body) => server.proceed(body));
  // The page comes back encoded by the sync server (in the worker), ready to send.
  post(syncPaths.pullChunk, async (body, request, reply) => {
    const page = await server.pullChunkEncoded(body, { gzip: acceptsGzip(request.headers['accept-encoding']) });
    reply.header('content-type', 'application/json; charset=utf-8');
    if (page.gzip) reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
    return Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength);
  });
}
