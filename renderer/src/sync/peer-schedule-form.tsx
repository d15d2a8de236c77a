import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeerDto, PeerScheduleDto } from '../../../core/contract/sync.js';
import { useApi } from '../api/api-context.js';
import { useAction } from '../ui/use-action.js';
import { peerName } from './peer-status-words.js';

/** An admin's schedule of a full pairing: manual, every N minutes, or daily at a time. */
export function PeerScheduleForm({ peer, onSaved, onError }: { readonly peer: PeerDto; readonly onSaved: () => void; readonly onError: (message: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const name = peerName(peer);
  const [kind, setKind] = useState<PeerScheduleDto['kind']>(peer.schedule.kind);
  const [minutes, setMinutes] = useState(peer.schedule.kind === 'every' ? peer.schedule.minutes : 30);
  const [at, setAt] = useState(peer.schedule.kind === 'daily' ? peer.schedule.at : '16:00');
  const { busy: saving, run } = useAction();

  const save = () =>
    run(
      async () => {
        const schedule: PeerScheduleDto = kind === 'manual' ? { kind } : kind === 'every' ? { kind, minutes } : { kind, at };
        await api.sync.setSchedule(peer.id, schedule);
        onSaved();
      },
      {
        describe: (_caught, message) => {
          // The page's status line says what failed, beside the other devices' news.
          onError(message);
          return null;
        },
      },
    );

  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <select aria-label={t('sync.scheduleLabel', { name })} value={kind} onChange={(event) => setKind(event.target.value as PeerScheduleDto['kind'])}>
        {(['manual', 'every', 'daily'] as const).map((option) => (
          <option key={option} value={option}>
            {t(`sync.scheduleKinds.${option}`)}
          </option>
        ))}
      </select>
      {kind === 'every' && (
        <input type="number" min={5} max={10080} aria-label={t('sync.minutesLabel', { name })} value={minutes} onChange={(event) => setMinutes(Number(event.target.value))} />
      )}
      {kind === 'daily' && <input type="time" aria-label={t('sync.timeLabel', { name })} value={at} onChange={(event) => setAt(event.target.value)} />}
      <button type="submit" className="btn btn-small" disabled={saving}>
        {t('sync.saveSchedule')}
      </button>
    </form>
  );
}
