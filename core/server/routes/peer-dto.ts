import type { PeerDto, PeerSyncResponse } from '../../contract/sync.js';
import type { PeerAutoSync, PeerRecord, PeerService, PeerSyncOutcome } from '../../sync/index.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What one sync did, as the API answers it. */
export function peerSyncSummary(outcome: PeerSyncOutcome): PeerSyncResponse {
  return { status: outcome.status, pushed: outcome.pushed, pulled: outcome.pulled, durationMs: outcome.durationMs };
}

/** A peer as the API shows it: who it is, how its sync stands, and why it stopped if it did. */
export function peerToDto(peer: PeerRecord, peers: PeerService, autoSync?: PeerAutoSync): PeerDto {
  const words = peers.stopWordsOf(peer);
  return {
    id: peer.id,
    name: peer.name,
    address: peer.address,
    facilityId: peer.facilityId,
    userId: peer.userId,
    createdAt: new Date(peer.createdAt).toISOString(),
    lastSync: peer.lastSync && { ...peerSyncSummary(peer.lastSync), finishedAt: new Date(peer.lastSync.finishedAt).toISOString(), error: peer.lastSync.error },
    lastSuccessAt: iso(peer.lastSuccessAt),
    nextSyncAt: iso(autoSync?.nextAt(peer.id) ?? null),
    schedule: peer.schedule,
    activity: peers.activity(peer.id),
    consecutiveFailures: peer.consecutiveFailures,
    stopped: peer.stopped && words && { reason: words.reason, facilityName: words.facilityName, peerName: words.peerName, at: new Date(peer.stopped.at).toISOString(), message: words.message },
  };
}
