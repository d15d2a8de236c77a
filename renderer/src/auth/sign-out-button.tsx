import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { describeError } from '../ui/describe-error.js';
import { useSignInSession } from './session-context.js';

/** Signs this window out; the sign-in session then shows the sign-in page. */
export function SignOutButton() {
  const { t } = useTranslation();
  const api = useApi();
  const controller = useSignInSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    const epoch = controller.currentEpoch();
    setBusy(true);
    setError(null);
    try {
      await api.auth.signOut();
      controller.signedOut(epoch);
    } catch (caught) {
      // Still signed in on the server (it could not be reached): say so rather than pretend.
      setBusy(false);
      setError(describeError(t, caught));
    }
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
