import { useTranslation } from 'react-i18next';
import { ErrorState } from './error-state.js';

/** The start-up check failed (the server cannot be reached): say so and offer to try again. */
export function BootError({ error, onRetry }: { readonly error: unknown; readonly onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="auth-screen">
      <main className="auth-card" id="main">
        <ErrorState error={error} onRetry={onRetry} title={t('boot.failed')} />
      </main>
    </div>
  );
}
