import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerDto, PeerSyncResponse } from '../../../core/contract/sync.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useFacility } from '../facilities/facility-context.js';
import { describeError } from '../ui/describe-error.js';
import { EmptyState } from '../ui/empty-state.js';
import { PageHeader } from '../ui/page-header.js';
import { QueryView } from '../ui/query-view.js';
import { AddPeerDialog } from './add-peer-dialog.js';
import { usePeerProgress } from './use-peer-progress.js';

/** The other devices a facility syncs with: pair one, sync now with a progress bar, see the last sync. */
export function SyncPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { facilityId, conflicts } = useFacility();
  const peers = useApiQuery(async (signal) => (await api.sync.listPeers(signal)).filter((peer) => peer.facilityId === facilityId), [api, facilityId]);
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState('');

  return (
    <section aria-labelledby="sync-title">
      <PageHeader title={t('sync.title')} titleId="sync-title">
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          {t('sync.new')}
        </button>
      </PageHeader>
      <p className="status-line" role="status" data-testid="sync-status">
        {status}
      </p>
      <QueryView
        query={peers}
        loadingLabel={t('sync.loading')}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState title={t('sync.empty')}>
            <p>{t('sync.emptyHint')}</p>
          </EmptyState>
        }
      >
        {(list) => (
          <table className="table">
            <caption className="visually-hidden">{t('sync.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sync.address')}</th>
                <th scope="col">{t('sync.lastSync')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((peer) => (
                <PeerRow
                  key={peer.id}
                  peer={peer}
                  onSynced={(result) => {
                    setStatus(
                      result.status === 'failed'
                        ? t('sync.failedShort', { address: peer.address })
                        : t('sync.synced', { address: peer.address, pushed: result.pushed, pulled: result.pulled }),
                    );
                    peers.reload();
                    // A sync may bring conflicts in (or clear them): the Conflicts tab's count follows.
                    conflicts.reload();
                  }}
                  onError={(message) => {
                    setStatus(t('sync.failed', { address: peer.address, error: message }));
                    peers.reload();
                    conflicts.reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      {adding && (
        <AddPeerDialog
          facilityId={facilityId}
          onClose={() => setAdding(false)}
          onAdded={(answer) => {
            setAdding(false);
            setStatus(t('sync.added', { address: answer.peer.address }));
            peers.reload();
          }}
        />
      )}
    </section>
  );
}

interface PeerRowProps {
  readonly peer: PeerDto;
  readonly onSynced: (result: PeerSyncResponse) => void;
  readonly onError: (message: string) => void;
}

/** One paired device: its last sync, and "Sync now" with the running sync's progress. */
function PeerRow({ peer, onSynced, onError }: PeerRowProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [syncing, setSyncing] = useState(false);
  const progress = usePeerProgress(peer.id, syncing);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  async function syncNow() {
    setSyncing(true);
    try {
      onSynced(await api.sync.syncPeer(peer.id));
    } catch (caught) {
      onError(describeError(t, caught));
    } finally {
      setSyncing(false);
    }
  }

  const last = peer.lastSync;
  return (
    <tr data-testid="peer">
      <td>{peer.address}</td>
      <td>
        {syncing ? (
          <div className="sync-progress">
            <progress
              max={100}
              value={progress?.percent ?? undefined}
              aria-label={t('sync.progressLabel', { address: peer.address })}
              data-testid="sync-progress"
            />
            <span>{progress ? t(`sync.direction.${progress.direction}`) : t('sync.syncing')}</span>
          </div>
        ) : last ? (
          <span data-testid="last-sync">
            {t(`sync.outcome.${last.status}`)} · {format.format(new Date(last.finishedAt))} · {t('sync.counts', { pushed: last.pushed, pulled: last.pulled })}
          </span>
        ) : (
          <span data-testid="last-sync">{t('sync.never')}</span>
        )}
      </td>
      <td className="row-actions">
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('sync.syncNowLabel', { address: peer.address })}
          onClick={() => void syncNow()}
          disabled={syncing}
        >
          {syncing ? t('sync.syncing') : t('sync.syncNow')}
        </button>
      </td>
    </tr>
  );
}
