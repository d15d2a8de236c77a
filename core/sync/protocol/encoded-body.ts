import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { CoreError } from '../../common/core-error.js';

/**
 * A protocol body as HTTP carries it: JSON text in UTF-8, gzip-compressed or not. The sync routes
 * hand a pushed chunk to the sync server this way, and get a pulled page back this way, so the
 * records are decoded and encoded where the server runs (the sync worker): the HTTP thread never
 * parses them, nor copies them object by object between threads (issue 14). Inflating and
 * deflating run on libuv's thread pool, not on the worker's thread: a receiver's worker spent ~5 %
 * of its time in zlib, and the other core has room while the worker merges.
 */
export interface EncodedBody {
  readonly bytes: Uint8Array;
  readonly gzip: boolean;
}

/** Answers smaller than this go plain: gzip would cost more than it saves. */
export const GZIP_MIN_BYTES = 1024;

/** Keys a JSON body may not carry: what Fastify's own JSON parser refuses (prototype poisoning). */
function isPoisoned(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(isPoisoned);
  if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return true;
  const record = value as Record<string, unknown>;
  const constructor = Object.prototype.hasOwnProperty.call(record, 'constructor') ? record['constructor'] : undefined;
  if (constructor !== null && typeof constructor === 'object' && Object.prototype.hasOwnProperty.call(constructor, 'prototype')) return true;
  return Object.values(record).some(isPoisoned);
}

/**
 * The output chunk size that inflates `gzip` into one buffer of the size its trailer announces
 * (ISIZE, the last 4 bytes), instead of 16 KiB pieces joined at the end (~45 of them for a pushed
 * chunk). The trailer is the sender's word only: a wrong one costs a join or some slack, never
 * more than `maxBytes`.
 */
export function gunzipChunkSize(gzip: Uint8Array, maxBytes: number): number {
  const minimum = 64 * 1024;
  if (gzip.byteLength < 18) return minimum;
  const announced = Buffer.from(gzip.buffer, gzip.byteOffset, gzip.byteLength).readUInt32LE(gzip.byteLength - 4);
  return Math.max(minimum, Math.min(announced + 1, maxBytes, 8 * 1024 * 1024));
}

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

const invalidJson = () => new CoreError('INVALID_INPUT', 'The request body is not valid JSON.', [{ path: '', message: 'Invalid JSON' }]);

/**
 * The JSON value of a request body, refused as the HTTP layer refuses a parsed one: corrupt or
 * truncated gzip and bad JSON as INVALID_INPUT, more than `maxBytes` once decompressed as
 * PAYLOAD_TOO_LARGE (a gzip bomb stops inflating there).
 */
export async function decodeJsonBody(body: EncodedBody, maxBytes: number): Promise<unknown> {
  let bytes = body.bytes;
  if (body.gzip) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: maxBytes, chunkSize: gunzipChunkSize(bytes, maxBytes) });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new CoreError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
      throw new CoreError('INVALID_INPUT', 'The gzip request body is truncated or corrupt.', [{ path: '', message: 'Invalid gzip' }]);
    }
  }
  if (bytes.byteLength > maxBytes) throw new CoreError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (bytes.byteLength === 0) throw new CoreError('INVALID_INPUT', 'The request body is empty; send a JSON object.', [{ path: '', message: 'Required' }]);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson();
  }
  // Walked only when the text names one of the keys at all: a chunk of records almost never does.
  if ((text.includes('__proto__') || text.includes('constructor')) && isPoisoned(value)) throw invalidJson();
  return value;
}

/** `value` as a JSON answer, gzip-compressed (level 1, as the routes compress) when `compress` and it is worth it. */
export async function encodeJsonBody(value: unknown, compress: boolean): Promise<EncodedBody> {
  const text = Buffer.from(JSON.stringify(value), 'utf8');
  if (!compress || text.byteLength < GZIP_MIN_BYTES) return { bytes: text, gzip: false };
  // Level 1: on a LAN the CPU is the bottleneck, and level 1 already shrinks JSON records ~5×.
  return { bytes: await gzipAsync(text, { level: 1 }), gzip: true };
}
