import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionDto } from '../../../core/contract/auth.js';
import { useApi } from '../api/api-context.js';
import { useSession } from '../auth/session-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { describeError } from '../ui/describe-error.js';
import { Dialog } from '../ui/dialog.js';
import { PageHeader } from '../ui/page-header.js';
import { QueryView } from '../ui/query-view.js';
import { describeUserAgent } from './describe-user-agent.js';
import { DeviceNameSection } from './device-name-section.js';

/** "My signed-in devices": where this account is signed in, and signing out everywhere else. */
export function DevicesPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  const sessions = useApiQuery((signal) => api.auth.sessions(signal), [api]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const others = sessions.status === 'success' ? sessions.data.sessions.filter((session) => !session.current).length : 0;

  async function signOutOthers() {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.auth.signOutOthers();
      setConfirming(false);
      setStatus(t('devices.signedOutOthers', { count: answer.signedOut }));
      sessions.reload();
    } catch (caught) {
      setError(describeError(t, caught));
    } finally {
      setBusy(false);
    }
  }

  const describe = (session: SessionDto) => {
    const { browser, system } = describeUserAgent(session.userAgent);
    if (browser && system) return t('devices.browserOnSystem', { browser, system });
    return browser ?? system ?? t('devices.unknownDevice');
  };

  return (
    <section aria-labelledby="devices-title">
      <PageHeader title={t('devices.title')} titleId="devices-title">
        <button type="button" className="btn" onClick={() => setConfirming(true)} disabled={others === 0}>
          {t('devices.signOutOthers')}
        </button>
      </PageHeader>
      <p className="muted">{t('devices.intro')}</p>
      <p className="status-line" role="status">
        {status}
      </p>
      <QueryView query={sessions} loadingLabel={t('devices.loading')}>
        {(data) => (
          <ul className="device-list">
            {data.sessions.map((session) => (
              <li key={session.id} className={session.current ? 'device device-current' : 'device'} data-testid="device">
                <div className="device-name">
                  {describe(session)}
                  {session.current && <span className="badge badge-you">{t('devices.thisDevice')}</span>}
                </div>
                <dl className="device-facts">
                  {session.address && (
                    <div>
                      <dt>{t('devices.address')}</dt>
                      <dd>{session.address}</dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('devices.signedInAt')}</dt>
                    <dd>{format.format(new Date(session.createdAt))}</dd>
                  </div>
                  <div>
                    <dt>{t('devices.lastSeen')}</dt>
                    <dd>{format.format(new Date(session.lastSeenAt))}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {sessions.status === 'success' && others === 0 && <p className="muted">{t('devices.noOthers')}</p>}
      {/* The name other devices see: a super admin changes it, an admin sees it. */}
      {user && (user.isSuperuser || user.kind === 'admin') && <DeviceNameSection canChange={user.isSuperuser} />}
      {confirming && (
        <Dialog title={t('devices.confirmTitle')} onClose={() => setConfirming(false)} busy={busy}>
          <p>{t('devices.confirmText', { count: others })}</p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)} disabled={busy} autoFocus>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void signOutOthers()} disabled={busy}>
              {t('devices.signOutOthers')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
