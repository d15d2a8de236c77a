import type { PeerService } from '../peers/peer-service.js';
import type { SyncWorkerHost } from './sync-worker-host.js';

/**
 * The peer service of the main thread: pairing and syncs (the heavy part: an import is a whole
 * facility) run in the sync worker; listing peers, the facility look-up and forgetting removed
 * learners stay here over the main connection (they read or write a few rows).
 */
export function createPeerServiceProxy(host: SyncWorkerHost, local: PeerService): PeerService {
  return Object.freeze({
    ...local,
    add: (input, options) => host.call('peers', 'add', [input, options ?? {}]),
    sync: (peerId, options) => host.call('peers', 'sync', [peerId, options ?? {}]),
    onDidProgress: host.onDidPeerProgress,
  } satisfies PeerService);
}
