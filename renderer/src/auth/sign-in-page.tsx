import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useApi } from '../api/api-context.js';
import { ApiError } from '../api/api-error.js';
import { useApiQuery } from '../api/use-api-query.js';
import { LanguagePicker } from '../i18n/language-picker.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
import { homePath } from './home-path.js';
import { useSession, useSignInSession } from './session-context.js';
import { SignInNotice } from './sign-in-notice.js';

/** Where a deep link was headed before the sign-in page took over. */
interface FromState {
  readonly from?: { readonly pathname: string; readonly search?: string };
}

/** The sign-in page: the notice of why the last session ended, a facility picker when needed, the form. */
export function SignInPage() {
  const { t } = useTranslation();
  const api = useApi();
  const controller = useSignInSession();
  const session = useSession();
  const location = useLocation();
  const facilities = useApiQuery((signal) => api.facilities.listPublic(signal), [api]);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [keepSignedIn, setKeepSignedIn] = useState(false);
  const { busy, error, run, setError } = useAction();

  if (session.status === 'signed-in') {
    const from = (location.state as FromState | null)?.from;
    const target = from && from.pathname !== '/signin' ? `${from.pathname}${from.search ?? ''}` : homePath(session.user);
    return <Navigate to={target} replace />;
  }

  const facilityList = facilities.status === 'success' ? facilities.data : [];
  const chooseFacility = facilityList.length > 1;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (username.trim() === '' || password === '') {
      setError(t('signIn.missingFields'));
      return;
    }
    void run(
      async () => {
        const answer = await api.auth.signIn({
          username: username.trim(),
          password,
          // No choice means any facility: the server signs in the one user those credentials match.
          ...(chooseFacility && facilityId !== '' ? { facilityId } : {}),
          keepSignedIn,
        });
        controller.signedIn(answer.user);
      },
      {
        describe: (caught, message) => {
          setPassword('');
          return caught instanceof ApiError && (caught.code === 'INVALID_CREDENTIALS' || caught.status === 401) ? t('signIn.wrongCredentials') : message;
        },
      },
    );
  }

  return (
    <div className="auth-screen">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Outpost</span>
        </div>
        <h1>{t('signIn.title')}</h1>
        {session.status === 'anonymous' && session.notice && <SignInNotice notice={session.notice} />}
        <form onSubmit={submit} noValidate aria-describedby={error ? 'sign-in-error' : undefined}>
          {chooseFacility && (
            <FormField label={t('signIn.facility')}>
              {(control) => (
                <select {...control} value={facilityId} onChange={(event) => setFacilityId(event.target.value)}>
                  <option value="">{t('signIn.facilityPlaceholder')}</option>
                  {facilityList.map((facility) => (
                    <option key={facility.id} value={facility.id}>
                      {facility.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <FormField label={t('signIn.username')}>
            {(control) => (
              <input
                {...control}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(event) => setUsername(event.target.value)}
                required
              />
            )}
          </FormField>
          <FormField label={t('signIn.password')}>
            {(control) => (
              <input
                {...control}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                required
              />
            )}
          </FormField>
          <div className="checkbox-field">
            <input id="keep-signed-in" type="checkbox" checked={keepSignedIn} onChange={(event) => setKeepSignedIn(event.target.checked)} />
            <label htmlFor="keep-signed-in">{t('signIn.keepSignedIn')}</label>
          </div>
          {error && (
            <p id="sign-in-error" className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
        </form>
        {facilities.status === 'error' && (
          <p className="muted small">
            {t('signIn.facilitiesUnavailable')}{' '}
            <button type="button" className="btn-link" onClick={facilities.reload}>
              {t('common.retry')}
            </button>
          </p>
        )}
        <div className="auth-footer">
          <LanguagePicker />
        </div>
      </main>
    </div>
  );
}
