import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';
import { EmptyState } from '../ui/empty-state.js';
import { PageHeader } from '../ui/page-header.js';
import { QrCode } from '../ui/qr-code.js';
import { QueryView } from '../ui/query-view.js';

/** For admins: the addresses learners type (or scan) to reach this device, each with its QR code. */
export function ConnectLearnersPage() {
  const { t } = useTranslation();
  const api = useApi();
  const addresses = useApiQuery((signal) => api.sync.connectAddresses(signal), [api]);
  return (
    <section aria-labelledby="connect-title">
      <PageHeader title={t('connect.title')} titleId="connect-title" />
      <p>{t('connect.intro')}</p>
      <QueryView
        query={addresses}
        loadingLabel={t('connect.loading')}
        isEmpty={(data) => data.urls.length === 0 && data.localUrl === null}
        empty={
          <EmptyState title={t('connect.loopbackOnly')}>
            <p>{t('connect.loopbackHint')}</p>
          </EmptyState>
        }
      >
        {(data) => (
          <ul className="connect-list">
            {[...(data.localUrl ? [{ interface: t('connect.localName'), url: data.localUrl }] : []), ...data.urls].map((entry) => (
              <li key={entry.url} data-testid="connect-address">
                <QrCode text={entry.url} label={t('connect.qrLabel', { url: entry.url })} />
                <p>
                  <strong className="connect-url">{entry.url}</strong>
                  <span className="muted"> · {entry.interface}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
