import type { Certificate } from '../certificates/certificate.js';
import type { TransferStage, TransferStatus } from './transfer-stage.js';
import type { Fsic } from '../store/fsic.js';
import type { StoreRecord } from '../store/store-record.js';

/** Who a peer is and what it can do. */
export interface DeviceInfo {
  readonly instanceId: string;
  readonly version: string;
  /** Optional protocol features the peer supports (e.g. `gzip` over HTTP). */
  readonly capabilities: readonly string[];
  /** The name the device goes by (an admin's choice, else its host name); absent on older devices. */
  readonly deviceName?: string;
}

/** A single-use nonce the client must sign to open a sync session. */
export interface NonceResponse {
  readonly nonce: string;
  readonly expiresAt: number;
}

/** The chains of the certificates a peer holds keys for, in one dataset (root first). */
export interface CertificateChainsResponse {
  readonly chains: readonly (readonly Certificate[])[];
}

/** Opens a sync session: the client proves its certificate key over the nonce and session id. */
export interface OpenSessionRequest {
  readonly sessionId: string;
  readonly profile: string;
  readonly nonce: string;
  readonly clientInstanceId: string;
  /** Root first; the last certificate is the client's. */
  readonly clientChain: readonly Certificate[];
  readonly serverCertificateId: string;
  /** The client's signature of `openSessionMessage(...)`. */
  readonly signature: string;
  /** The client's device name, for the server's list of who synced with it (a label, not signed). */
  readonly clientDeviceName?: string;
}

/** The server's side of the handshake: its chain and its proof of key. */
export interface OpenSessionResponse {
  readonly serverInstanceId: string;
  readonly serverChain: readonly Certificate[];
  /** The server's signature of `acceptSessionMessage(...)`. */
  readonly signature: string;
}

/** Starts (or resumes) a push or pull inside a sync session. */
export interface InitializeTransferRequest {
  readonly sessionId: string;
  readonly transferId: string;
  readonly direction: 'push' | 'pull';
  /** Newline-separated partition prefixes. */
  readonly filter: string;
  /** For a pull, what the client (the receiver) holds. */
  readonly receiverFsic?: Fsic;
}

/** Where the server's side of a transfer stands. */
export interface TransferState {
  readonly transferId: string;
  readonly stage: TransferStage;
  readonly status: TransferStatus;
  readonly recordsTotal: number | null;
  /** For a push, what the server (the receiver) holds. */
  readonly receiverFsic: Fsic | null;
  /** For a pull, once the server queued: what it promised. */
  readonly senderFsic: Fsic | null;
  readonly error: string | null;
  /** True when this call created the server's side (it had none to resume). */
  readonly created: boolean;
}

/** Asks the server to bring its side of a transfer to `stage`. */
export interface ProceedRequest {
  readonly sessionId: string;
  readonly transferId: string;
  readonly stage: TransferStage;
  /** For a push, from QUEUING on: what the client promised and how many records it queued. */
  readonly senderFsic?: Fsic;
  readonly recordsTotal?: number;
}

/** A chunk of a push: records in the sender's buffer order, with each one's buffer position. */
export interface PushChunkRequest {
  readonly sessionId: string;
  readonly transferId: string;
  readonly records: readonly StoreRecord[];
  /** Ascending, one per record: what the receiver notes as arrived. */
  readonly positions: readonly number[];
}

/**
 * A page of a pull: up to `limit` records after buffer position `after` (0 for the first page),
 * passing over the first `skip` of them (default 0; at most `MAX_PULL_SKIP`). A client reading
 * ahead asks for the pages after those already on their way without knowing where they end.
 */
export interface PullChunkRequest {
  readonly sessionId: string;
  readonly transferId: string;
  readonly after: number;
  readonly skip?: number;
  readonly limit: number;
}

/** A page of a pull: records in the sender's buffer order, and where the next page starts. */
export interface PullChunkResponse {
  readonly records: readonly StoreRecord[];
  /** The buffer position of the page's last record (`after` itself for an empty page). */
  readonly position: number;
}

/** Ends a sync session. */
export interface CloseSessionRequest {
  readonly sessionId: string;
}

/**
 * How a client reaches a peer's sync server. Every payload is plain JSON, so the same calls work
 * in-process (tests) and over HTTP (`/api/sync/*`, issue 8). The server validates every request:
 * a transport carries bytes, it does not vouch for them.
 */
export interface SyncTransport {
  deviceInfo(): Promise<DeviceInfo>;
  createNonce(): Promise<NonceResponse>;
  certificateChains(request: { readonly datasetId: string }): Promise<CertificateChainsResponse>;
  openSession(request: OpenSessionRequest): Promise<OpenSessionResponse>;
  initializeTransfer(request: InitializeTransferRequest): Promise<TransferState>;
  proceed(request: ProceedRequest): Promise<TransferState>;
  pushChunk(request: PushChunkRequest): Promise<{ readonly stored: number }>;
  pullChunk(request: PullChunkRequest): Promise<PullChunkResponse>;
  closeSession(request: CloseSessionRequest): Promise<void>;
}

/** The text a client signs to open a session: binds its key to this nonce, session and server. */
export function openSessionMessage(request: Pick<OpenSessionRequest, 'sessionId' | 'nonce' | 'clientInstanceId' | 'serverCertificateId' | 'profile'>): string {
  return ['outpost-sync-open', request.profile, request.sessionId, request.nonce, request.clientInstanceId, request.serverCertificateId].join('\n');
}

/** The text a server signs to accept a session. */
export function acceptSessionMessage(fields: { readonly sessionId: string; readonly nonce: string; readonly serverInstanceId: string; readonly clientCertificateId: string }): string {
  return ['outpost-sync-accept', fields.sessionId, fields.nonce, fields.serverInstanceId, fields.clientCertificateId].join('\n');
}
