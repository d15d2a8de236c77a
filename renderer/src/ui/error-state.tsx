import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error.js';

/** What a view shows when its data could not be loaded: what happened, and a way to try again. */
export function ErrorState({ error, onRetry, title }: { readonly error: unknown; readonly onRetry: () => void; readonly title?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title ?? t('errors.loadFailed')}</p>
      <p>{describeError(t, error)}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {t('common.retry')}
      </button>
    </div>
  );
}
