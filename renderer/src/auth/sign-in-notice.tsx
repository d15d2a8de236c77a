import { useTranslation } from 'react-i18next';
import type { SignOutNotice } from './session-state.js';

/**
 * Why the person is back on the sign-in page, in one plain sentence. A status, not an alert: nothing
 * went wrong from their point of view, and it must not read like an error page.
 */
export function SignInNotice({ notice }: { readonly notice: SignOutNotice }) {
  const { t } = useTranslation();
  const text = {
    'user-deleted': t('signIn.notice.userDeleted'),
    'facility-deleted': t('signIn.notice.facilityDeleted'),
    'signed-out': t('signIn.notice.signedOut'),
    'signed-out-elsewhere': t('signIn.notice.signedOutElsewhere'),
    expired: t('signIn.notice.expired'),
    unknown: t('signIn.notice.unknown'),
  }[notice];
  return (
    <div className="notice" role="status" data-testid="sign-in-notice" data-reason={notice}>
      {text}
    </div>
  );
}
