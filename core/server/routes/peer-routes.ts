import type { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError, isCoreError } from '../../common/core-error.js';
import { systemScheduler, type Scheduler } from '../../common/scheduler.js';
import { apiRoutes } from '../../contract/api-routes.js';
import { SYNC_PROGRESS_EVENT, type AddPeerResponse, type ImportUserResponse, type PeerListResponse, type PeerSyncResponse, type SyncProgressEvent } from '../../contract/sync.js';
import type { DeviceSetupService } from '../../facility/index.js';
import { parsePeerBaseUrl, type PeerAutoSync, type PeerService } from '../../sync/index.js';
import { peerSyncSummary as summary, peerToDto } from './peer-dto.js';
import { requireUser } from '../auth/request-user.js';
import { assertCanLookUpPeerFacilities, managesFacility, type Permissions } from '../permissions.js';
import { DEFAULT_SSE_HEARTBEAT_MS, formatSseEvent, openSseStream, sendSseStream } from '../sse-stream.js';
import { validateInput } from '../validate-input.js';
import { idParams } from './facility-route-context.js';

const peerFacilitiesBody = z.strictObject({ address: z.string().trim().min(1, 'Required').max(512) });

/** The one answer an anonymous caller gets for any failure to reach a peer: no port oracle. */
const ANONYMOUS_FAILURE = 'Could not find an Outpost device at that address. Check the address, and that Outpost is running there on the same network.';

/**
 * Runs a peer call for an anonymous caller: any failure to reach the peer or to understand it
 * (closed port, another server, a 404, a redirect, an answer too large or too slow) becomes the
 * same PEER_UNREACHABLE, and a real Outpost device's refusal keeps only its code.
 */
async function anonymously<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isCoreError(error, 'PEER_UNREACHABLE')) throw new CoreError('PEER_UNREACHABLE', ANONYMOUS_FAILURE);
    if (isCoreError(error, 'PEER_REFUSED')) throw new CoreError('PEER_REFUSED', error.message, error.details?.filter((detail) => detail.path === 'peer.code'));
    throw error;
  }
}

/** The address field as a base URL, or INVALID_INPUT on `address` before anything is contacted. */
function checkedAddress(address: string): string {
  return parsePeerBaseUrl(address).href;
}

const addPeerBody = z.strictObject({
  address: z.string().trim().min(1, 'Required').max(512),
  username: z.string().trim().min(1, 'Required').max(256),
  password: z.string().min(1, 'Required').max(1024),
  facilityId: z.string().min(1, 'Required').max(64),
});

/**
 * Peer management: `POST /api/sync/peers` pairs with a device, `GET /api/sync/peers[/:id]` shows peers and
 * their last sync, `POST /api/sync/peers/:id/sync` runs a full sync and answers its summary, and
 * `GET /api/sync/peers/:id/events` streams its progress (server-sent events). These routes use cookie
 * sessions and CSRF like the rest of the UI's API; the peer protocol is under `/api/sync/`.
 *
 * A device that is not set up yet is set up by pairing: `POST /api/sync/peers` then needs no
 * sign-in, imports the facility from the peer and makes the pairing admin the device's superuser
 * (Kolibri's "import a facility" setup). Otherwise it needs a superuser or an admin of the
 * facility named. An anonymous caller may make the device contact private (LAN) addresses only and
 * learns nothing from a failure but that it failed; a signed-in admin may reach any unicast
 * address. Loopback only with `sync.allowLoopbackPeers` (tests). See docs/sync.md.
 */
export function registerPeerRoutes(
  app: FastifyInstance,
  options: { readonly setup: DeviceSetupService; readonly permissions: Permissions; readonly peers: PeerService; readonly autoSync?: PeerAutoSync; readonly scheduler?: Scheduler },
): void {
  const { setup, peers, permissions } = options;
  const toDto = (peer: Parameters<typeof peerToDto>[0]) => peerToDto(peer, peers, options.autoSync);
  const streams = new Set<PassThrough>();
  // Open streams would keep the HTTP server from closing.
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end();
    done();
  });

  const found = (id: string) => {
    const peer = peers.get(id);
    if (!peer) throw new CoreError('NOT_FOUND', `No peer with id "${id}".`);
    return peer;
  };

  // The setup page's "import from another device" and the add-a-device dialog list the peer's
  // facilities through this device. Open while the device is not set up, like pairing itself.
  app.post(apiRoutes.peerFacilities, async (request) => {
    const { address } = validateInput(peerFacilitiesBody, request.body, 'peer address');
    if (setup.isProvisioned()) {
      assertCanLookUpPeerFacilities(requireUser(request));
      return peers.facilitiesAt(checkedAddress(address), { reach: 'unicast' });
    }
    return anonymously(() => peers.facilitiesAt(checkedAddress(address), { reach: 'lan' }));
  });

  app.post(apiRoutes.peers, async (request, reply) => {
    const input = validateInput(addPeerBody, request.body, 'peer');
    if (!setup.isProvisioned()) {
      // Like POST /api/setup, this door is open until the device is set up; the peer's admin
      // credentials are the proof. An import cut short leaves it open, so calling again resumes.
      const address = checkedAddress(input.address);
      const body = await anonymously(async (): Promise<AddPeerResponse> => {
        // The same code as `npm run sync` into an empty home: pair, import, then complete setup.
        const { peer, imported } = await setup.setUpFromPeer(input, {
          pair: () => peers.add({ ...input, address }, { reach: 'lan' }),
          importFrom: async (paired) => summary(await peers.sync(paired.id, { reach: 'lan' })),
        });
        return { peer: toDto(peers.get(peer.id)!), imported };
      });
      return reply.status(201).send(body);
    }
    permissions.assertCanManageFacility(requireUser(request), input.facilityId);
    const body: AddPeerResponse = { peer: toDto(await peers.add({ ...input, address: checkedAddress(input.address) }, { reach: 'unicast' })) };
    return reply.status(201).send(body);
  });

  // A fresh device becomes learn-only: a learner's own credentials at the peer are the proof, as on
  // Kolibri's learn-only sign-in page. That door closes once the device is set up (or holds a whole
  // facility): from then on importing another learner needs a signed-in superuser or an admin of the
  // facility, on a learn-only device too, so that nobody anonymous can make a set-up device fetch.
  app.post(apiRoutes.peersImportUser, async (request, reply) => {
    const input = validateInput(addPeerBody, request.body, 'learner import');
    const address = checkedAddress(input.address);
    const open = !setup.isProvisioned() && peers.isLearnOnly();
    if (!open) permissions.assertCanManageFacility(requireUser(request), input.facilityId);
    const importLearner = async (): Promise<ImportUserResponse> => {
      const reach = open ? 'lan' : 'unicast';
      // A fresh device that imported a learner is then a learn-only device: set up, no superuser.
      const { peer, imported } = await setup.importLearnerFromPeer(input, {
        pair: () => peers.add({ ...input, address, scope: 'single-user' }, { reach }),
        importFrom: async (paired) => summary(await peers.sync(paired.id, { reach })),
      });
      return { peer: toDto(peers.get(peer.id)!), imported };
    };
    return reply.status(201).send(open ? await anonymously(importLearner) : await importLearner());
  });

  app.get(apiRoutes.peers, async (request) => {
    const actor = requireUser(request);
    const visible = peers.list().filter((peer) => managesFacility(actor, peer.facilityId));
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
    const body: PeerSyncResponse = summary(await peers.sync(peer.id, { reach: 'unicast' }));
    return body;
  });

  app.get(apiRoutes.peerEvents, async (request, reply) => {
    const actor = requireUser(request);
    const peer = found(validateInput(idParams, request.params, 'peer id').id);
    permissions.assertCanManageFacility(actor, peer.facilityId);
    const stream = openSseStream({ scheduler: options.scheduler ?? systemScheduler, heartbeatMs: DEFAULT_SSE_HEARTBEAT_MS });
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
      stream.write(formatSseEvent(SYNC_PROGRESS_EVENT, event));
    });
    stream.once('close', () => {
      stop();
      streams.delete(stream);
    });
    return sendSseStream(reply, stream);
  });
}
