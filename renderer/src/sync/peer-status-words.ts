import type { TFunction } from 'i18next';
import type { PeerDto } from '../../../core/contract/sync.js';

/** What to call a peer: its own name, else its address. */
export function peerName(peer: PeerDto): string {
  return peer.name ?? peer.address;
}

/**
 * How a sync with a peer stands, in plain words and the reader's language: stopped for good (the
 * facility is gone there, …), waiting in the peer's line, failing since a time, or the last success
 * and the next planned sync. Answers the sentences, most important first.
 */
export function peerStatusWords(t: TFunction, peer: PeerDto, formatTime: (iso: string) => string): readonly string[] {
  const name = peerName(peer);
  if (peer.stopped) return [t(`sync.stopped.${peer.stopped.reason}`, { facility: peer.stopped.facilityName, peer: peer.stopped.peerName })];
  const words: string[] = [];
  if (peer.activity.state === 'queued') words.push(t('sync.queued', { name, position: peer.activity.position }));
  if (peer.lastSync?.status === 'failed') {
    words.push(t('sync.unreachableSince', { name, time: formatTime(peer.lastSuccessAt ?? peer.lastSync.finishedAt), error: peer.lastSync.error ?? '' }));
  }
  words.push(peer.lastSuccessAt ? t('sync.lastSuccess', { time: formatTime(peer.lastSuccessAt) }) : t('sync.never'));
  if (peer.nextSyncAt) words.push(t('sync.nextSync', { time: formatTime(peer.nextSyncAt) }));
  return words;
}
