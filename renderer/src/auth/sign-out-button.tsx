import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { useAction } from '../ui/use-action.js';
import { useSignInSession } from './session-context.js';

/** Signs this window out; the sign-in session then shows the sign-in page. */
export function SignOutButton() {
  const { t } = useTranslation();
  const api = useApi();
  const controller = useSignInSession();
  // A failure means still signed in on the server (it could not be reached): say so rather than pretend.
  const { busy, error, run } = useAction();

  function signOut() {
    const epoch = controller.currentEpoch();
    return run(async () => {
      await api.auth.signOut();
      controller.signedOut(epoch);
    });
  }

  return (
    <>
      <button type="button" className="btn btn-quiet" onClick={() => void signOut()} disabled={busy}>
        {t('shell.signOut')}
      </button>
      {error && (
        <span className="header-error" role="alert">
          {t('shell.signOutFailed', { reason: error })}
        </span>
      )}
    </>
  );
}
