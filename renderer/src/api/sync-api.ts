import { apiPath, apiRoutes } from '../../../core/contract/api-routes.js';
import type {
  AddPeerRequest,
  AddPeerResponse,
  ConnectAddressesResponse,
  DeviceNameRequest,
  DeviceNameResponse,
  MySyncStatusResponse,
  NearbyDevicesResponse,
  PeerDto,
  PeerFacilitiesResponse,
  PeerListResponse,
  PeerScheduleDto,
  PeerSyncResponse,
} from '../../../core/contract/sync.js';
import type { ResolveSyncConflictRequest, SyncConflictDto, SyncConflictListResponse } from '../../../core/contract/sync-conflicts.js';
import type { ApiClient } from './api-client.js';

/** Other Outpost devices this one syncs with. */
export interface SyncApi {
  /** The peers the signed-in user may manage (all for a superuser, their facility's for an admin). */
  listPeers(signal?: AbortSignal): Promise<readonly PeerDto[]>;
  addPeer(input: AddPeerRequest): Promise<AddPeerResponse>;
  /** The facilities of the Outpost device at `address` (asked through this device). */
  peerFacilities(address: string): Promise<PeerFacilitiesResponse>;
  /** First run: sets this device up by importing a facility from another device (no one is signed in). */
  importFacility(input: AddPeerRequest): Promise<AddPeerResponse>;
  /** Runs a full sync with the peer and answers when it has finished. */
  syncPeer(id: string): Promise<PeerSyncResponse>;
  /** Where the progress of the peer's running sync is streamed (server-sent events). */
  peerEventsUrl(id: string): string;
  /** This device's name, as other devices see it. */
  deviceName(signal?: AbortSignal): Promise<DeviceNameResponse>;
  /** Names this device (super admins); null goes back to the host name. */
  setDeviceName(name: string | null): Promise<DeviceNameResponse>;
  /** Where learners can reach this device, for the Connect learners page (admins). */
  connectAddresses(signal?: AbortSignal): Promise<ConnectAddressesResponse>;
  /** The Outpost devices found on this network (open on a fresh device, for its setup page). */
  nearbyDevices(signal?: AbortSignal): Promise<NearbyDevicesResponse>;
  /** Sets a full pairing's schedule (admins). */
  setSchedule(id: string, schedule: PeerScheduleDto): Promise<PeerDto>;
  /** Unpairs; nothing is deleted on this device. */
  removePeer(id: string): Promise<void>;
  /** The signed-in learner's own pairings on a learn-only device, with how their sync stands. */
  mySyncStatus(signal?: AbortSignal): Promise<readonly PeerDto[]>;
  /** Syncs the signed-in learner's own pairings now, and answers how they stand. */
  mySyncNow(): Promise<readonly PeerDto[]>;
  /** The facility's records where a concurrent edit from another device lost (admins). */
  listConflicts(facilityId: string, signal?: AbortSignal): Promise<readonly SyncConflictDto[]>;
  /** Keeps one value of a conflict (a lost one becomes a new edit here); answers the conflicts left. */
  resolveConflict(facilityId: string, input: ResolveSyncConflictRequest): Promise<readonly SyncConflictDto[]>;
}

/** Creates the sync API over the client. */
export function createSyncApi(client: ApiClient): SyncApi {
  return Object.freeze({
    listPeers: async (signal?: AbortSignal) => (await client.request<PeerListResponse>({ path: apiRoutes.peers, signal })).peers,
    addPeer: (input: AddPeerRequest) => client.request<AddPeerResponse>({ method: 'POST', path: apiRoutes.peers, json: input }),
    peerFacilities: (address: string) => client.request<PeerFacilitiesResponse>({ method: 'POST', path: apiRoutes.peerFacilities, json: { address }, anonymous: true }),
    importFacility: (input: AddPeerRequest) => client.request<AddPeerResponse>({ method: 'POST', path: apiRoutes.peers, json: input, anonymous: true }),
    syncPeer: (id: string) => client.request<PeerSyncResponse>({ method: 'POST', path: apiPath(apiRoutes.peerSync, id) }),
    peerEventsUrl: (id: string) => apiPath(apiRoutes.peerEvents, id),
    deviceName: (signal?: AbortSignal) => client.request<DeviceNameResponse>({ path: apiRoutes.device, signal }),
    setDeviceName: (name: string | null) => client.request<DeviceNameResponse>({ method: 'PUT', path: apiRoutes.device, json: { name } satisfies DeviceNameRequest }),
    connectAddresses: (signal?: AbortSignal) => client.request<ConnectAddressesResponse>({ path: apiRoutes.deviceAddresses, signal }),
    nearbyDevices: (signal?: AbortSignal) => client.request<NearbyDevicesResponse>({ path: apiRoutes.nearbyDevices, signal, anonymous: true }),
    setSchedule: (id: string, schedule: PeerScheduleDto) => client.request<PeerDto>({ method: 'PUT', path: apiPath(apiRoutes.peerSchedule, id), json: { schedule } }),
    removePeer: async (id: string) => {
      await client.request<undefined>({ method: 'DELETE', path: apiPath(apiRoutes.peer, id) });
    },
    mySyncStatus: async (signal?: AbortSignal) => (await client.request<MySyncStatusResponse>({ path: apiRoutes.mySyncStatus, signal })).pairings,
    mySyncNow: async () => (await client.request<MySyncStatusResponse>({ method: 'POST', path: apiRoutes.mySyncNow })).pairings,
    listConflicts: async (facilityId: string, signal?: AbortSignal) =>
      (await client.request<SyncConflictListResponse>({ path: apiPath(apiRoutes.facilitySyncConflicts, facilityId), signal })).conflicts,
    resolveConflict: async (facilityId: string, input: ResolveSyncConflictRequest) =>
      (await client.request<SyncConflictListResponse>({ method: 'POST', path: apiPath(apiRoutes.facilitySyncConflictsResolve, facilityId), json: input })).conflicts,
  });
}
