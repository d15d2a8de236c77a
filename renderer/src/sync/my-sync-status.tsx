import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerDto } from '../../../core/contract/sync.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useAction } from '../ui/use-action.js';
import { peerName } from './peer-status-words.js';

/** One sentence of how a learner's own pairing stands. */
function sentence(t: ReturnType<typeof useTranslation>['t'], peer: PeerDto, formatTime: (iso: string) => string): string {
  const name = peerName(peer);
  if (peer.stopped) return t(`sync.stopped.${peer.stopped.reason}`, { facility: peer.stopped.facilityName, peer: peer.stopped.peerName });
  if (peer.lastSync?.status === 'failed') return t('sync.mine.failing', { name, time: formatTime(peer.lastSuccessAt ?? peer.lastSync.finishedAt) });
  return peer.lastSuccessAt ? t('sync.mine.lastSynced', { name, time: formatTime(peer.lastSuccessAt) }) : t('sync.mine.never', { name });
}

/**
 * In a learner's header on a learn-only device: "Last synced with Riverside School's server at
 * 10:42", or the problem in plain words, and "Sync now". Nothing for a user without own pairings.
 */
export function MySyncStatus() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [now, setNow] = useState<readonly PeerDto[] | null>(null);
  const { busy: syncing, run } = useAction();
  const status = useApiQuery((signal) => api.sync.mySyncStatus(signal), [api]);
  const pairings = now ?? (status.status === 'success' ? status.data : []);
  if (pairings.length === 0) return null;
  const format = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
  const formatTime = (iso: string) => format.format(new Date(iso));

  const syncNow = () =>
    run(async () => setNow(await api.sync.mySyncNow()), {
      describe: () => {
        // The status below still says how it stands; reloading shows the latest.
        status.reload();
        return null;
      },
    });

  return (
    <div className="shell-sync" role="status" aria-label={t('sync.mine.label')} data-testid="my-sync-status">
      {pairings.map((peer) => (
        <span key={peer.id} className={peer.stopped || peer.lastSync?.status === 'failed' ? 'shell-sync-problem' : undefined}>
          {sentence(t, peer, formatTime)}
        </span>
      ))}
      <button type="button" className="btn btn-small" onClick={() => void syncNow()} disabled={syncing}>
        {syncing ? t('sync.mine.syncing') : t('sync.mine.syncNow')}
      </button>
    </div>
  );
}
