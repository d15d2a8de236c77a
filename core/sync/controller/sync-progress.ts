import type { TransferStage, TransferStatus } from '../protocol/transfer-stage.js';

/** Where a transfer stands, for a progress bar: fired on every stage change and every chunk. */
export interface SyncProgress {
  readonly transferId: string;
  /** The sync session the transfer runs in, so that concurrent syncs with different peers can be told apart. */
  readonly syncSessionId: string;
  /** From the client's point of view. */
  readonly direction: 'push' | 'pull';
  /** `client` on the device that runs the sync, `server` on the peer serving it. */
  readonly role: 'client' | 'server';
  readonly stage: TransferStage;
  readonly status: TransferStatus;
  readonly recordsDone: number;
  /** `null` until the sender has queued. */
  readonly recordsTotal: number | null;
}
