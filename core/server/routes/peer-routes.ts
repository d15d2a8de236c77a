import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import { SYNC_PROGRESS_EVENT, type AddPeerResponse, type PeerFacilitiesResponse, type ImportUserResponse, type PeerDto, type PeerListResponse, type PeerSyncResponse, type SyncProgressEvent } from '../../contract/sync.js';
import type { FacilityService } from '../../facility/index.js';
import type { PeerService } from '../../sync/peers/peer-service.js';
import type { PeerRecord, PeerSyncOutcome } from '../../sync/peers/peer-store.js';
import { normalizeBaseUrl } from '../../sync/transport/http-transport.js';
import { requireUser } from '../auth/request-user.js';
import { createPermissions } from '../permissions.js';
import { validateInput } from '../validate-input.js';
import { idParams } from './facility-route-context.js';

const peerFacilitiesBody = z.strictObject({ address: z.string().trim().min(1, 'Required').max(512) });

/** What a peer's `GET /api/public/facilities` must look like to be believed. */
const peerFacilityList = z.object({
  facilities: z.array(z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) })).max(1000),
});

/** How long asking a peer for its facilities may take: a person is waiting on the setup page. */
const PEER_FACILITIES_TIMEOUT_MS = 10_000;

/** The facilities of the Outpost device at `baseUrl`, from its public list (no credentials needed). */
async function peerFacilities(baseUrl: string): Promise<PeerFacilitiesResponse> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${apiRoutes.publicFacilities}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(PEER_FACILITIES_TIMEOUT_MS) });
  } catch {
    throw new CoreError('PEER_UNREACHABLE', `Could not reach ${baseUrl}. Check the address, and that Outpost is running there on the same network.`);
  }
  const parsed = peerFacilityList.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !parsed.success) throw new CoreError('PEER_UNREACHABLE', `${baseUrl} did not answer like an Outpost device (HTTP ${response.status}).`);
  return { address: baseUrl, facilities: parsed.data.facilities };
}

const addPeerBody = z.strictObject({
  address: z.string().trim().min(1, 'Required').max(512),
  username: z.string().trim().min(1, 'Required').max(256),
  password: z.string().min(1, 'Required').max(1024),
  facilityId: z.string().min(1, 'Required').max(64),
});

/** Heartbeat of the progress stream, under common proxy idle timeouts. */
const HEARTBEAT_MS = 25_000;

function toDto(peer: PeerRecord): PeerDto {
  return {
    id: peer.id,
    address: peer.address,
    facilityId: peer.facilityId,
    userId: peer.userId,
    createdAt: new Date(peer.createdAt).toISOString(),
    lastSync: peer.lastSync && { ...summary(peer.lastSync), finishedAt: new Date(peer.lastSync.finishedAt).toISOString(), error: peer.lastSync.error },
  };
}

function summary(outcome: PeerSyncOutcome): PeerSyncResponse {
  return { status: outcome.status, pushed: outcome.pushed, pulled: outcome.pulled, durationMs: outcome.durationMs };
}

/**
 * Peer management: `POST /api/sync/peers` pairs with a device, `GET /api/sync/peers[/:id]` shows peers and
 * their last sync, `POST /api/sync/peers/:id/sync` runs a full sync and answers its summary, and
 * `GET /api/sync/peers/:id/events` streams its progress (server-sent events). These routes use cookie
 * sessions and CSRF like the rest of the UI's API; the peer protocol is under `/api/sync/`.
 *
 * A device that is not set up yet is set up by pairing: `POST /api/sync/peers` then needs no
 * sign-in, imports the facility from the peer and makes the pairing admin the device's superuser
 * (Kolibri's "import a facility" setup). Otherwise it needs a superuser or an admin of the
 * facility named.
 */
export function registerPeerRoutes(app: FastifyInstance, options: { readonly facility: FacilityService; readonly peers: PeerService }): void {
  const { facility, peers } = options;
  const permissions = createPermissions(facility);
  const streams = new Set<PassThrough>();
  // Open streams would keep the HTTP server from closing.
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });

  // The imported facility becomes the device's, and the admin who proved their credentials its
  // superuser, as Kolibri's "import a facility" setup does. The password was just checked at the
  // peer, and the import brought the same account (with its hash) here.
  const completeSetup = async (input: { readonly username: string; readonly password: string; readonly facilityId: string }) => {
    const admin = await facility.authenticate(input.username, input.password, input.facilityId);
    if (!admin) throw new CoreError('CONFLICT', `The facility was imported, but its account "${input.username}" did not arrive with it; pair again to finish setting up.`);
    facility.completeSetupFromImport(input.facilityId, admin.id);
  };
  const found = (id: string) => {
    const peer = peers.get(id);
    if (!peer) throw new CoreError('NOT_FOUND', `No peer with id "${id}".`);
    return peer;
  };

  // The setup page's "import from another device" and the add-a-device dialog list the peer's
  // facilities through this device. Open while the device is not set up, like pairing itself.
  app.post(apiRoutes.peerFacilities, async (request) => {
    const { address } = validateInput(peerFacilitiesBody, request.body, 'peer address');
    if (facility.isProvisioned()) {
      const actor = requireUser(request);
      if (!actor.isSuperuser && actor.kind !== 'admin') throw new CoreError('PERMISSION_DENIED', 'Only an admin can look up another device’s facilities.');
    }
    let baseUrl: string;
    try {
      baseUrl = normalizeBaseUrl(address);
    } catch (error) {
      throw new CoreError('INVALID_INPUT', (error as Error).message, [{ path: 'address', message: (error as Error).message }]);
    }
    return peerFacilities(baseUrl);
  });

  app.post(apiRoutes.peers, async (request, reply) => {
    const input = validateInput(addPeerBody, request.body, 'peer');
    if (!facility.isProvisioned()) {
      // Like POST /api/setup, this door is open until the device is set up; the peer's admin
      // credentials are the proof. An import cut short leaves it open, so calling again resumes.
      const peer = await peers.add(input);
      const imported = summary(await peers.sync(peer.id));
      if (imported.status === 'completed') await completeSetup(input);
      const body: AddPeerResponse = { peer: toDto(peers.get(peer.id)!), imported };
      return reply.status(201).send(body);
    }
    permissions.assertCanManageFacility(requireUser(request), input.facilityId);
    const body: AddPeerResponse = { peer: toDto(await peers.add(input)) };
    return reply.status(201).send(body);
  });

  // A learn-only device: a learner's own credentials at the peer are the proof, as on Kolibri's
  // learn-only sign-in page. A device that holds a whole facility needs its admin for this too.
  app.post(apiRoutes.peersImportUser, async (request, reply) => {
    const input = validateInput(addPeerBody, request.body, 'learner import');
    if (!peers.isLearnOnly()) permissions.assertCanManageFacility(requireUser(request), input.facilityId);
    const peer = await peers.add({ ...input, scope: 'single-user' });
    const imported = summary(await peers.sync(peer.id));
    // A fresh device that imported a learner is now a learn-only device: set up, no superuser,
    // so it shows the sign-in page instead of first-run setup.
    if (imported.status === 'completed' && !facility.isProvisioned()) {
      const learner = await facility.authenticate(input.username, input.password, input.facilityId);
      if (learner) facility.completeLearnOnlySetup(input.facilityId, learner.id);
    }
    const body: ImportUserResponse = { peer: toDto(peers.get(peer.id)!), imported };
    return reply.status(201).send(body);
  });

  app.get(apiRoutes.peers, async (request) => {
    const actor = requireUser(request);
    const visible = peers.list().filter((peer) => actor.isSuperuser || (actor.kind === 'admin' && actor.facilityId === peer.facilityId));
    const body: PeerListResponse = { peers: visible.map(toDto) };
    return body;
  });

  app.get(apiRoutes.peer, async (request) => {
    const actor = requireUser(request);
    const peer = found(validateInput(idParams, request.params, 'peer id').id);
    permissions.assertCanManageFacility(actor, peer.facilityId);
    return toDto(peer);
  });

  app.post(apiRoutes.peerSync, async (request) => {
    const actor = requireUser(request);
    const peer = found(validateInput(idParams, request.params, 'peer id').id);
    permissions.assertCanManageFacility(actor, peer.facilityId);
    const body: PeerSyncResponse = summary(await peers.sync(peer.id));
    return body;
  });

  app.get(apiRoutes.peerEvents, async (request, reply) => {
    const actor = requireUser(request);
    const peer = found(validateInput(idParams, request.params, 'peer id').id);
    permissions.assertCanManageFacility(actor, peer.facilityId);
    const stream = new PassThrough();
    streams.add(stream);
    const stop = peers.onDidProgress((progress) => {
      if (progress.peerId !== peer.id) return;
      const event: SyncProgressEvent = {
        peerId: progress.peerId,
        direction: progress.direction,
        stage: progress.stage,
        status: progress.status,
        recordsDone: progress.recordsDone,
        recordsTotal: progress.recordsTotal,
      };
      stream.write(`event: ${SYNC_PROGRESS_EVENT}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    stream.once('close', () => {
      stop();
      clearInterval(heartbeat);
      streams.delete(stream);
    });
    stream.write('retry: 5000\n: connected\n\n');
    reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache, no-transform').header('x-accel-buffering', 'no');
    return reply.send(stream);
  });
}
