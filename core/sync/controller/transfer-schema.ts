/** A sync session: two devices that proved their certificates to each other. */
export interface SyncSessionTable {
  id: string;
  /** `client` on the device that opened it, `server` on the peer. */
  role: 'client' | 'server';
  profile: string;
  local_certificate_id: string;
  peer_certificate_id: string;
  peer_instance_id: string;
  /** How the peer was reached (an address), for listing; empty on the server. */
  peer_address: string;
  active: number;
  created_at: number;
  last_activity_at: number;
}

/** A push or pull inside a sync session, with the stage and status it reached. */
export interface SyncTransferSessionTable {
  id: string;
  sync_session_id: string;
  /** From the client's point of view: `push` sends the client's records, `pull` fetches the server's. */
  direction: 'push' | 'pull';
  /** The transfer's filter, newline-separated. */
  filter: string;
  stage: string;
  status: string;
  records_total: number | null;
  records_done: number;
  /** JSON `Fsic` of the receiving side, learned at initialization. */
  receiver_fsic: string | null;
  /** JSON `Fsic` of the sending side, fixed when it queued. */
  sender_fsic: string | null;
  /** Where the transfer stage resumes: the last record id handed over. */
  transfer_cursor: string | null;
  error: string | null;
  active: number;
  created_at: number;
  last_activity_at: number;
}

/** The kysely schema of the session tables. */
export interface TransferSchema {
  sync_session: SyncSessionTable;
  sync_transfer_session: SyncTransferSessionTable;
}
