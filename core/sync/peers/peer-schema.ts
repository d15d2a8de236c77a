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
  /** The peer's own name for itself (its device info), as last seen. */
  peer_name: string | null;
  last_success_at: number | null;
  /** Failed syncs in a row, for the back-off of automatic syncs. */
  consecutive_failures: number | null;
  /** Why syncing stopped for good (`facility-gone`, `certificate-revoked`, `peer-replaced`); null while it goes on. */
  stopped_reason: string | null;
  stopped_at: number | null;
  /** `manual`, `every:<minutes>` or `daily:<HH:MM>` (full-facility pairings; learn-only ones sync by themselves). */
  schedule: string;
}

/** A device that synced with this one as its client: what this server can say about it. */
export interface SyncClientTable {
  instance_id: string;
  dataset_id: string;
  /** The learner of a single-user certificate; '' for full-facility. */
  user_id: string;
  device_name: string | null;
  address: string;
  first_seen_at: number;
  last_seen_at: number;
}

/** The peer tables. */
export interface PeerSchema {
  sync_peer: SyncPeerTable;
  sync_client: SyncClientTable;
}
