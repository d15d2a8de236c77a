import { useTranslation } from 'react-i18next';

/** What a view shows while its data loads. */
export function LoadingState({ label }: { readonly label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}
