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

/** When a full device syncs with a peer by itself (learn-only pairings sync by themselves, every few minutes). */
export type PeerScheduleDto = { readonly kind: 'manual' } | { readonly kind: 'every'; readonly minutes: number } | { readonly kind: 'daily'; readonly at: string };

/** Why syncing with a peer stopped for good, with the names a sentence needs (issue 16). */
export interface PeerStoppedDto {
  /** `facility-gone`: the peer no longer has the facility; `certificate-revoked`: it refuses this device; `peer-replaced`: it was reset. */
  readonly reason: 'facility-gone' | 'certificate-revoked' | 'peer-replaced';
  readonly facilityName: string;
  readonly peerName: string;
  /** ISO time it stopped. */
  readonly at: string;
  /** The English sentence, e.g. "Hillside School no longer exists on A. This device keeps its data." */
  readonly message: string;
}

/** What a sync with a peer is doing now: nothing, running, or waiting in the peer's line at `position` (1 = next). */
export type PeerActivityDto = { readonly state: 'idle' } | { readonly state: 'syncing' } | { readonly state: 'queued'; readonly position: number };

/** A paired peer. */
export interface PeerDto {
  readonly id: string;
  /** The peer's name for itself (e.g. "Room 2's laptop"); null until it told one. */
  readonly name: string | null;
  readonly address: string;
  readonly facilityId: string;
  /** The learner a learn-only device syncs with this peer; null when it syncs the whole facility. */
  readonly userId: string | null;
  /** ISO time it was paired. */
  readonly createdAt: string;
  readonly lastSync: PeerLastSyncDto | null;
  /** ISO time of the last completed sync, or null. */
  readonly lastSuccessAt: string | null;
  /** ISO time of the next automatic sync, or null (manual, stopped, or automatic syncs off). */
  readonly nextSyncAt: string | null;
  readonly schedule: PeerScheduleDto;
  readonly activity: PeerActivityDto;
  /** Failed syncs in a row. */
  readonly consecutiveFailures: number;
  /** Set when syncing stopped for good; the admin may pair again or unpair. */
  readonly stopped: PeerStoppedDto | null;
}

/** `PUT /api/sync/peers/:id/schedule` body. */
export interface PeerScheduleRequest {
  readonly schedule: PeerScheduleDto;
}

/** A device that synced with this one as its client (a learn-only tablet, or a full device that paired with this one). */
export interface SyncClientDto {
  readonly instanceId: string;
  /** Its name for itself; null for a device too old to tell it. */
  readonly deviceName: string | null;
  readonly address: string;
  readonly facilityId: string | null;
  /** The learner of a learn-only device; null for a full device. */
  readonly userId: string | null;
  /** ISO time of its last sync session here. */
  readonly lastSeenAt: string;
}

/** `GET /api/sync/clients` answer. */
export interface SyncClientListResponse {
  readonly clients: readonly SyncClientDto[];
}

/** `GET /api/sync/my-status` (and `POST /api/sync/my-status/sync`) answer: the signed-in learner's own pairings on a learn-only device. */
export interface MySyncStatusResponse {
  readonly pairings: readonly PeerDto[];
}

/** `GET /api/device` answer: this device's name (PUT it, as a superuser, to change it). */
export interface DeviceNameResponse {
  /** The name peers see. */
  readonly name: string;
  /** The operating system's host name, the default. */
  readonly hostName: string;
  /** True when an admin chose the name. */
  readonly custom: boolean;
}

/** `PUT /api/device` body: a name, or null to go back to the host name. */
export interface DeviceNameRequest {
  readonly name: string | null;
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

/** An Outpost device found on the LAN (DNS-SD), to pair with from a click. */
export interface NearbyDeviceDto {
  readonly instanceId: string;
  readonly name: string;
  /** `http://IP:PORT`, ready to pair with. */
  readonly address: string;
  readonly version: string;
  readonly learnOnly: boolean;
  readonly facilityIds: readonly string[];
  /** The IPv6 addresses it advertised (AAAA: link-local and ULA), when it serves IPv6 too. */
  readonly ipv6Addresses: readonly string[];
  /** ISO time it was last heard. */
  readonly seenAt: string;
}

/** `GET /api/sync/nearby` answer: whether discovery runs here, and the devices it found. */
export interface NearbyDevicesResponse {
  readonly enabled: boolean;
  readonly devices: readonly NearbyDeviceDto[];
}

/** `GET /api/device/addresses` answer: where learners' browsers can reach this device (the Connect learners page). */
export interface ConnectAddressesResponse {
  /** One URL per LAN interface the server listens on, e.g. `http://192.168.1.20:8080/`. */
  readonly urls: readonly { readonly interface: string; readonly url: string }[];
  /** The short `.local` name, when LAN discovery publishes one (`http://outpost-1a2b3c4d.local:8080/`). */
  readonly localUrl: string | null;
  /** False when the server listens on loopback only: no other device can reach it. */
  readonly reachableOnLan: boolean;
}
