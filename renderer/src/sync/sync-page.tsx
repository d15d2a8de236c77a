import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerDto, PeerSyncResponse } from '../../../core/contract/sync.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useFacility } from '../facilities/facility-context.js';
import { describeError } from '../ui/describe-error.js';
import { ListPage } from '../ui/list-page.js';
import { useAction } from '../ui/use-action.js';
import { AddPeerDialog } from './add-peer-dialog.js';
import { peerName, peerStatusWords } from './peer-status-words.js';
import { PeerScheduleForm } from './peer-schedule-form.js';
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
    <ListPage
      title={t('sync.title')}
      titleId="sync-title"
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
          {t('sync.new')}
        </button>
      }
      status={status}
      statusTestId="sync-status"
      query={peers}
      loadingLabel={t('sync.loading')}
      emptyTitle={t('sync.empty')}
      emptyHint={t('sync.emptyHint')}
      columns={
        <>
          <th scope="col">{t('sync.device')}</th>
          <th scope="col">{t('sync.lastSync')}</th>
          <th scope="col">{t('sync.status')}</th>
          <th scope="col">{t('sync.schedule')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('common.actions')}</span>
          </th>
        </>
      }
      renderRow={(peer: PeerDto) => (
        <PeerRow
          key={peer.id}
          peer={peer}
          onChanged={(message) => {
            setStatus(message);
            peers.reload();
          }}
          onSynced={(result) => {
            setStatus(
              result.status === 'failed'
                ? t('sync.failedShort', { address: peerName(peer) })
                : t('sync.synced', { address: peerName(peer), pushed: result.pushed, pulled: result.pulled }),
            );
            peers.reload();
            // A sync may bring conflicts in (or clear them): the Conflicts tab's count follows.
            conflicts.reload();
          }}
          onError={(message) => {
            setStatus(t('sync.failed', { address: peerName(peer), error: message }));
            peers.reload();
            conflicts.reload();
          }}
        />
      )}
    >
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
    </ListPage>
  );
}

interface PeerRowProps {
  readonly peer: PeerDto;
  readonly onSynced: (result: PeerSyncResponse) => void;
  readonly onError: (message: string) => void;
  /** A schedule was saved or the peer unpaired: the message to announce. */
  readonly onChanged: (message: string) => void;
}

/** One paired device: its last sync, and "Sync now" with the running sync's progress. */
function PeerRow({ peer, onSynced, onError, onChanged }: PeerRowProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { busy: syncing, run } = useAction();
  const progress = usePeerProgress(peer.id, syncing);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  const syncNow = () =>
    run(async () => onSynced(await api.sync.syncPeer(peer.id)), {
      describe: (_caught, message) => {
        // The page's status line says how a sync ended, failed or not.
        onError(message);
        return null;
      },
    });

  async function unpair() {
    try {
      await api.sync.removePeer(peer.id);
      onChanged(t('sync.unpaired', { name: peerName(peer) }));
    } catch (caught) {
      onError(describeError(t, caught));
    }
  }

  const last = peer.lastSync;
  const name = peerName(peer);
  return (
    <tr data-testid="peer">
      <td>
        <span data-testid="peer-name">{name}</span>
        {peer.name && <span className="muted"> · {peer.address}</span>}
      </td>
      <td>
        {syncing ? (
          <div className="sync-progress">
            <progress
              max={100}
              value={progress?.percent ?? undefined}
              aria-label={t('sync.progressLabel', { address: name })}
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
      <td data-testid="peer-status">
        {peerStatusWords(t, peer, (iso) => format.format(new Date(iso))).map((line) => (
          <div key={line}>{line}</div>
        ))}
      </td>
      <td>{peer.userId === null && !peer.stopped && <PeerScheduleForm peer={peer} onSaved={() => onChanged(t('sync.scheduleSaved', { name }))} onError={onError} />}</td>
      <td className="row-actions">
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('sync.syncNowLabel', { address: name })}
          onClick={() => void syncNow()}
          disabled={syncing || peer.stopped !== null}
        >
          {syncing ? t('sync.syncing') : t('sync.syncNow')}
        </button>
        <button type="button" className="btn btn-small" aria-label={t('sync.unpairLabel', { name })} onClick={() => void unpair()} disabled={syncing}>
          {t('sync.unpair')}
        </button>
      </td>
    </tr>
  );
}
