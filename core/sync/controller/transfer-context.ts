import type { Clock } from '../../common/clock.js';
import type { ModelRegistry } from '../model/model-registry.js';
import type { SyncStore } from '../store/sync-store.js';
import type { TransferState } from '../protocol/sync-transport.js';
import type { Fsic } from '../store/fsic.js';
import type { StoreRecord } from '../store/store-record.js';
import type { TransferStore, TransferPatch, TransferRecord } from './transfer-store.js';
import type { TransferStage } from '../protocol/transfer-stage.js';

/** This device's sync machinery, which the steps of a transfer work with. */
export interface LocalEngine {
  readonly store: SyncStore;
  readonly registry: ModelRegistry;
  readonly profile: string;
  readonly clock: Clock;
  /** Records read at a time when serializing, queuing and merging. */
  readonly pageSize: number;
  /** Records applied to the app tables per write transaction (see `DEFAULT_APPLY_PAGE_SIZE`). */
  readonly applyPageSize: number;
  /** Rows per write transaction of serializing, queuing and merging (pages grouped up to this). */
  readonly rowsPerTransaction?: number;
  /** Records per network chunk. */
  readonly chunkSize: number;
  /** Chunks in flight at once: a push reads its buffer that many chunks ahead, a pull asks for that many pages ahead of the one it merges. */
  readonly concurrency: number;
}

/** The peer's side of one transfer, reached through a transport. */
export interface RemoteTransfer {
  /** Creates or resumes the peer's side; for a pull, tells it what this device holds. */
  initialize(receiverFsic: Fsic | null): Promise<TransferState>;
  /** Asks the peer to bring its side to `stage`. */
  proceed(stage: TransferStage, extra?: { readonly senderFsic?: Fsic; readonly recordsTotal?: number }): Promise<TransferState>;
  /** Sends records of the local buffer, with their buffer positions. */
  pushChunk(records: readonly StoreRecord[], positions: readonly number[]): Promise<void>;
  /** Records after buffer position `after`, passing over `skip` of them; an empty page means the peer's buffer is exhausted. */
  pullChunk(after: number, skip: number, limit: number): Promise<{ readonly records: readonly unknown[]; readonly position: number }>;
}

/** What a local step is handed: this device's engine and the transfer it works on. */
export interface LocalContext {
  readonly transferId: string;
  readonly engine: LocalEngine;
  readonly transfers: TransferStore;
  /** The transfer as persisted right now. */
  transfer(): TransferRecord;
  /** Persists a change to the transfer and answers the new record. */
  update(patch: TransferPatch): TransferRecord;
  /** Announces the transfer's progress (records done/total) to listeners. */
  reportProgress(): void;
}

/** What the client's network step is handed: the local context plus the peer's side of the transfer. */
export interface NetworkContext extends LocalContext {
  readonly remote: RemoteTransfer;
}
