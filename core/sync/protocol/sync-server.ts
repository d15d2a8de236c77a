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
  closeSession(body: unknown): Promise<void>;
}
