import type { PublicFacilityDto } from './facilities.js';

/** `POST /api/sync/peers` body: pair with another Outpost device, proving a user's credentials there. */
export interface AddPeerRequest {
  /** The peer's address, e.g. `http://192.168.1.20:8080`. */
  readonly address: string;
  readonly username: string;
  readonly password: string;
  /** The peer's facility to sync (on an unprovisioned device: the facility to import). */
  readonly facilityId: string;
}

/**
 * `POST /api/sync/peer-facilities` body: which facilities does the Outpost device at this address
 * hold? The browser cannot ask the peer itself (another origin), so this device asks for it.
 */
export interface PeerFacilitiesRequest {
  readonly address: string;
}

/** `POST /api/sync/peer-facilities` answer: the peer's facilities, as its sign-in page lists them. */
export interface PeerFacilitiesResponse {
  /** The peer's address as this device will use it (e.g. `http://192.168.1.20:8080`). */
  readonly address: string;
  readonly facilities: readonly PublicFacilityDto[];
}

/** How a sync with a peer ended: `incomplete` when the peer stayed busy; the next sync resumes. */
export type PeerSyncStatus = 'completed' | 'incomplete' | 'failed';

/** `POST /api/sync/peers/:id/sync` answer: what one full-facility sync did. */
export interface PeerSyncResponse {
  readonly status: PeerSyncStatus;
  /** Records sent to the peer. */
  readonly pushed: number;
  /** Records received from the peer. */
  readonly pulled: number;
  readonly durationMs: number;
}

/** The last sync with a peer, as shown beside it. */
export interface PeerLastSyncDto extends PeerSyncResponse {
  /** ISO time the sync ended. */
  readonly finishedAt: string;
  /** Why it failed; null otherwise. */
  readonly error: string | null;
}

/** A paired peer. */
export interface PeerDto {
  readonly id: string;
  readonly address: string;
  readonly facilityId: string;
  /** The learner a learn-only device syncs with this peer; null when it syncs the whole facility. */
  readonly userId: string | null;
  /** ISO time it was paired. */
  readonly createdAt: string;
  readonly lastSync: PeerLastSyncDto | null;
}

/** `POST /api/sync/peers` answer (201): the peer, and on an unprovisioned device the import it ran. */
export interface AddPeerResponse {
  readonly peer: PeerDto;
  /** Present when pairing provisioned this device by importing the facility. */
  readonly imported?: PeerSyncResponse;
}

/**
 * `POST /api/sync/import-user` body: a learn-only device imports one learner (their own
 * credentials at the peer) with `single-user` scope, and keeps that learner in sync.
 */
export type ImportUserRequest = AddPeerRequest;

/** `POST /api/sync/import-user` answer (201): the pairing and the import it ran. */
export interface ImportUserResponse {
  readonly peer: PeerDto;
  readonly imported: PeerSyncResponse;
}

/** `GET /api/sync/peers` answer. */
export interface PeerListResponse {
  readonly peers: readonly PeerDto[];
}

/** The event name of sync progress on `GET /api/sync/peers/:id/events`. */
export const SYNC_PROGRESS_EVENT = 'sync-progress';

/** The data of a `sync-progress` event: where the running push or pull stands, for a progress bar. */
export interface SyncProgressEvent {
  readonly peerId: string;
  readonly direction: 'push' | 'pull';
  /** INITIALIZING, SERIALIZING, QUEUING, TRANSFERRING, DEQUEUING, DESERIALIZING or CLEANUP. */
  readonly stage: string;
  /** PENDING, STARTED, COMPLETED or ERRORED. */
  readonly status: string;
  readonly recordsDone: number;
  /** Null until the sender has counted what it sends. */
  readonly recordsTotal: number | null;
}
