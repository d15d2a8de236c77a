import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { describeError } from '../ui/describe-error.js';
import { FormField } from '../ui/form-field.js';
import { QueryView } from '../ui/query-view.js';

/**
 * This device's name, the one other devices and learners' tablets show for it. A super admin
 * changes it (or goes back to the computer's host name); an admin sees it.
 */
export function DeviceNameSection({ canChange }: { readonly canChange: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const device = useApiQuery((signal) => api.sync.deviceName(signal), [api]);
  const [draft, setDraft] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  async function save(name: string | null) {
    if (busy) return;
    if (name !== null && name.trim() === '') {
      setError(t('deviceName.errors.empty'));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      const saved = await api.sync.setDeviceName(name === null ? null : name.trim());
      setDraft(null);
      setStatus(t('deviceName.saved', { name: saved.name }));
      device.reload();
    } catch (caught) {
      setError(describeError(t, caught));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft !== null) void save(draft);
  }

  return (
    <section aria-labelledby="device-name-title" className="device-name-section">
      <h2 id="device-name-title">{t('deviceName.title')}</h2>
      <p className="muted">{t('deviceName.intro')}</p>
      <QueryView query={device} loadingLabel={t('deviceName.loading')}>
        {(data) =>
          canChange ? (
            <form onSubmit={submit} noValidate>
              <FormField label={t('deviceName.label')} hint={t('deviceName.hint', { hostName: data.hostName })} error={error}>
                {(control) => (
                  <input {...control} ref={inputRef} type="text" maxLength={64} value={draft ?? data.name} onChange={(event) => setDraft(event.target.value)} disabled={busy} />
                )}
              </FormField>
              <div className="page-actions">
                <button type="submit" className="btn btn-primary" disabled={busy || draft === null || draft === data.name}>
                  {busy ? t('common.saving') : t('deviceName.save')}
                </button>
                {data.custom && (
                  <button type="button" className="btn" onClick={() => void save(null)} disabled={busy}>
                    {t('deviceName.useHostName', { hostName: data.hostName })}
                  </button>
                )}
              </div>
            </form>
          ) : (
            <p data-testid="device-name">
              <strong>{data.name}</strong>
            </p>
          )
        }
      </QueryView>
      <p className="status-line" role="status">
        {status}
      </p>
    </section>
  );
}
