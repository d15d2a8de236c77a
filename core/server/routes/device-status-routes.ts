import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError, isCoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { ConnectAddressesResponse, DeviceNameResponse, MySyncStatusResponse, NearbyDevicesResponse, PeerDto, SyncClientListResponse } from '../../contract/sync.js';
import type { FacilityService } from '../../facility/index.js';
import { checkPeerSchedule, type NearbyDevice, type PeerAutoSync, type PeerService, type SyncClientStore } from '../../sync/index.js';
import { requireUser } from '../auth/request-user.js';
import { createPermissions } from '../permissions.js';
import { validateInput } from '../validate-input.js';
import { idParams } from './facility-route-context.js';
import { peerToDto } from './peer-dto.js';

const deviceNameBody = z.strictObject({ name: z.string().max(200).nullable() });

const scheduleBody = z.strictObject({
  schedule: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('manual') }),
    z.strictObject({ kind: z.literal('every'), minutes: z.number().int() }),
    z.strictObject({ kind: z.literal('daily'), at: z.string().max(5) }),
  ]),
});

/** What the device and sync-status routes are built from. */
export interface DeviceStatusRouteContext {
  readonly facility: Pick<FacilityService, 'setup' | 'facilities' | 'classes'>;
  readonly peers: PeerService;
  readonly clients: SyncClientStore;
  readonly autoSync: PeerAutoSync;
  /** This device's name as peers see it (an admin's choice, else the host name). */
  readonly deviceName: () => string;
  readonly hostName: () => string;
  /** Devices found on the LAN (absent: discovery is not part of this app). */
  readonly nearby?: () => NearbyDevices;
  /** Where learners can reach this device, once it listens. */
  readonly connectAddresses?: () => ConnectAddressesResponse;
}

/** What LAN discovery knows now. */
export interface NearbyDevices {
  readonly enabled: boolean;
  readonly devices: readonly NearbyDevice[];
}

/**
 * How this device is named and how its syncs stand (issue 16):
 * - `GET /api/device` (any signed-in user) and `PUT /api/device` (a superuser): the device's name;
 * - `PUT /api/sync/peers/:id/schedule` and `DELETE /api/sync/peers/:id` (admins of the peer's
 *   facility): a full pairing's schedule, and unpairing, which deletes no data;
 * - `GET /api/sync/clients` (admins): the devices that synced with this one as their server;
 * - `GET /api/sync/my-status` and `POST /api/sync/my-status/sync` (any signed-in user): the
 *   caller's own pairings on a learn-only device, so a learner sees how her device syncs and can
 *   sync it now, never a 403. "Sync now" contacts only the address stored when she was imported.
 */
export function registerDeviceStatusRoutes(app: FastifyInstance, context: DeviceStatusRouteContext): void {
  const { facility, peers, clients, autoSync } = context;
  const permissions = createPermissions(facility.classes);
  const toDto = (peer: Parameters<typeof peerToDto>[0]): PeerDto => peerToDto(peer, peers, autoSync);
  const found = (id: string) => {
    const peer = peers.get(id);
    if (!peer) throw new CoreError('NOT_FOUND', `No peer with id "${id}".`);
    return peer;
  };
  const ownPairings = (userId: string) => peers.list().filter((peer) => peer.userId === userId);

  app.get(apiRoutes.device, async (request) => {
    requireUser(request);
    const body: DeviceNameResponse = { name: context.deviceName(), hostName: context.hostName(), custom: facility.setup.deviceName() !== null };
    return body;
  });

  app.put(apiRoutes.device, async (request) => {
    permissions.assertSuperuser(requireUser(request));
    const { name } = validateInput(deviceNameBody, request.body, 'device name');
    facility.setup.setDeviceName(name);
    const body: DeviceNameResponse = { name: context.deviceName(), hostName: context.hostName(), custom: facility.setup.deviceName() !== null };
    return body;
  });

  app.put(apiRoutes.peerSchedule, async (request) => {
    const actor = requireUser(request);
    const peer = found(validateInput(idParams, request.params, 'peer id').id);
    permissions.assertCanManageFacility(actor, peer.facilityId);
    const { schedule } = validateInput(scheduleBody, request.body, 'sync schedule');
    if (peer.userId !== null) throw new CoreError('CONFLICT', 'A learner’s device syncs by itself whenever its server is reachable; it has no schedule to set.');
    return toDto(peers.setSchedule(peer.id, checkPeerSchedule(schedule)));
  });

  app.delete(apiRoutes.peer, async (request, reply) => {
    const actor = requireUser(request);
    const peer = found(validateInput(idParams, request.params, 'peer id').id);
    permissions.assertCanManageFacility(actor, peer.facilityId);
    peers.remove(peer.id);
    return reply.status(204).send();
  });

  app.get(apiRoutes.syncClients, async (request) => {
    const actor = requireUser(request);
    if (!actor.isSuperuser && actor.kind !== 'admin') throw new CoreError('PERMISSION_DENIED', 'Only an admin can see which devices sync with this one.');
    const facilities = facility.facilities.listFacilities().filter((record) => actor.isSuperuser || record.id === actor.facilityId);
    const body: SyncClientListResponse = {
      clients: facilities.flatMap((record) =>
        clients.list(record.datasetId).map((client) => ({
          instanceId: client.instanceId,
          deviceName: client.deviceName,
          address: client.address,
          facilityId: record.id,
          userId: client.userId,
          lastSeenAt: new Date(client.lastSeenAt).toISOString(),
        })),
      ),
    };
    return body;
  });

  // Add a device and the setup page's Import a facility list these; open while the device is not
  // set up (like importing itself), admins only afterwards. Listing contacts nobody.
  app.get(apiRoutes.nearbyDevices, async (request) => {
    if (facility.setup.isProvisioned()) {
      const actor = requireUser(request);
      if (!actor.isSuperuser && actor.kind !== 'admin') throw new CoreError('PERMISSION_DENIED', 'Only an admin can see the devices nearby.');
    }
    const known = context.nearby?.() ?? { enabled: false, devices: [] };
    const body: NearbyDevicesResponse = {
      enabled: known.enabled,
      devices: known.devices.map((device) => ({
        instanceId: device.instanceId,
        name: device.deviceName,
        address: device.address,
        version: device.version,
        learnOnly: device.learnOnly,
        facilityIds: device.facilityIds,
        ipv6Addresses: device.ipv6Addresses,
        seenAt: new Date(device.seenAt).toISOString(),
      })),
    };
    return body;
  });

  // The Connect learners page: every LAN address and the .local name, for admins.
  app.get(apiRoutes.deviceAddresses, async (request) => {
    const actor = requireUser(request);
    if (!actor.isSuperuser && actor.kind !== 'admin') throw new CoreError('PERMISSION_DENIED', 'Only an admin can see how learners connect to this device.');
    return context.connectAddresses?.() ?? { urls: [], localUrl: null, reachableOnLan: false };
  });

  app.get(apiRoutes.mySyncStatus, async (request) => {
    const actor = requireUser(request);
    const body: MySyncStatusResponse = { pairings: ownPairings(actor.id).map(toDto) };
    return body;
  });

  app.post(apiRoutes.mySyncNow, async (request) => {
    const actor = requireUser(request);
    for (const peer of ownPairings(actor.id)) {
      try {
        await peers.sync(peer.id, { reach: 'unicast' });
      } catch (error) {
        // The outcome is the status below, in plain words; only a bug is an error here.
        if (!isCoreError(error)) throw error;
      }
    }
    const body: MySyncStatusResponse = { pairings: ownPairings(actor.id).map(toDto) };
    return body;
  });
}
