import type { EncodedBody } from './encoded-body.js';
import type { CertificateChainsResponse, DeviceInfo, NonceResponse, OpenSessionResponse, PullChunkResponse, TransferState } from './sync-transport.js';

/**
 * The peer side of sync: what a transport delivers requests to. Every method takes the request
 * body as untrusted JSON and validates it (shape, session, transfer, scope) before touching
 * anything; a refused request changes nothing. Every method answers a promise: a core's sync
 * server runs in the sync worker, and the main thread's proxy forwards each call to it.
 */
export interface SyncServer {
  deviceInfo(): Promise<DeviceInfo>;
  createNonce(): Promise<NonceResponse>;
  certificateChains(body: unknown): Promise<CertificateChainsResponse>;
  /** `from` is what the transport knows of the client (its address), recorded with its name. */
  openSession(body: unknown, from?: { readonly address?: string }): Promise<OpenSessionResponse>;
  initializeTransfer(body: unknown): Promise<TransferState>;
  proceed(body: unknown): Promise<TransferState>;
  pushChunk(body: unknown): Promise<{ readonly stored: number }>;
  pullChunk(body: unknown): Promise<PullChunkResponse>;
  /**
   * `pushChunk` of a body as HTTP delivered it, decoded (gunzip, JSON) by the server itself, at
   * most `maxBytes` once decompressed: the HTTP thread hands over bytes instead of parsing the
   * records and copying them to the sync worker object by object.
   */
  pushChunkEncoded(body: EncodedBody, maxBytes: number): Promise<{ readonly stored: number }>;
  /** `pullChunk`, its page answered as the bytes HTTP sends (gzip-compressed when `gzip` and worth it). */
  pullChunkEncoded(body: unknown, options: { readonly gzip: boolean }): Promise<EncodedBody>;
  closeSession(body: unknown): Promise<void>;
}
