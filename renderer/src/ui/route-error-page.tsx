import { useTranslation } from 'react-i18next';

/**
 * Shown only when a page itself crashed (a defect, never a server answer, which views handle as
 * their own error state). It offers a reload rather than leaving a blank screen.
 */
export function RouteErrorPage() {
  const { t } = useTranslation();
  return (
    <div className="auth-screen">
      <main className="auth-card" id="main">
        <div className="state state-error" role="alert" data-testid="crash-page">
          <h1 className="state-title">{t('crash.title')}</h1>
          <p>{t('crash.text')}</p>
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            {t('crash.reload')}
          </button>
        </div>
      </main>
    </div>
  );
}
