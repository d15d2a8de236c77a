/** A peer this device syncs with: where it is, which certificate this device uses with it, its last sync. */
export interface SyncPeerTable {
  id: string;
  address: string;
  /** The peer's facility (its id is the same on every device). */
  facility_id: string;
  dataset_id: string;
  /** This device's certificate for syncing with the peer (the peer issued it). */
  certificate_id: string;
  peer_instance_id: string;
  /** The learner of a single-user pairing; '' for full-facility. */
  user_id: string;
  created_at: number;
  last_sync_at: number | null;
  last_status: string | null;
  last_pushed: number | null;
  last_pulled: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
}

/** The peer tables. */
export interface PeerSchema {
  sync_peer: SyncPeerTable;
}
