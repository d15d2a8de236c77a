import type { PeerService } from '../peers/peer-service.js';
import type { SyncWorkerHost } from './sync-worker-host.js';

/**
 * The peer service of the main thread: syncs (the heavy part: a fresh device's import is a whole
 * facility) run in the sync worker. Pairing (two requests and a certificate), listing peers, the
 * facility look-up and forgetting removed learners stay here over the main connection: they read
 * or write a few rows, and a pairing that fails never starts the worker.
 */
export function createPeerServiceProxy(host: SyncWorkerHost, local: PeerService): PeerService {
  return Object.freeze({
    ...local,
    sync: (peerId, options) => host.call('peers', 'sync', [peerId, options ?? {}]),
    onDidProgress: host.onDidPeerProgress,
    // Syncs run in the worker, so its view of a peer's activity (syncing, queued at a position) wins.
    activity: (peerId) => host.peerActivity(peerId) ?? local.activity(peerId),
    onDidChangePeer(listener) {
      const stops = [local.onDidChangePeer(listener), host.onDidChangePeer(listener)];
      return () => stops.forEach((stop) => stop());
    },
  } satisfies PeerService);
}
