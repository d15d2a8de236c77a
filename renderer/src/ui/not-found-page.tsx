import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from './empty-state.js';

/** A path the app does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t('notFound.title')}>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </EmptyState>
  );
}
