import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useApi } from './api/api-context.js';
import { useApiQuery } from './api/use-api-query.js';
import { useSession, useSignInSession } from './auth/session-context.js';
import { SignInPage } from './auth/sign-in-page.js';
import { DeviceStatusContext, type DeviceStatus } from './setup/device-status-context.js';
import { BootError } from './ui/boot-error.js';
import { LoadingState } from './ui/loading-state.js';

/** Pages anyone may see without a session. */
const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/signin', '/setup']);

/**
 * The root of every page. It runs the start-up check (is the device set up, who is signed in), then
 * shows the sign-in page whenever nobody is signed in. The sign-in page is rendered here, in one
 * place, so that a session ending swaps the whole signed-in tree for it in a single render: the
 * previous user's views unmount at once and no intermediate page is ever drawn.
 */
export function RootLayout() {
  const { t } = useTranslation();
  const api = useApi();
  const controller = useSignInSession();
  const session = useSession();
  const location = useLocation();
  const [provisionedLocally, setProvisionedLocally] = useState(false);
  const boot = useApiQuery(async (signal) => {
    const [setup, current] = await Promise.all([api.setup.status(signal), api.auth.currentSession(signal)]);
    controller.restored(current?.user ?? null);
    return setup;
  }, [api, controller]);
  const provisioned = provisionedLocally || (boot.status === 'success' && boot.data.provisioned);
  const deviceStatus = useMemo<DeviceStatus>(() => ({ provisioned, markProvisioned: () => setProvisionedLocally(true) }), [provisioned]);

  if (boot.status === 'error') return <BootError error={boot.error} onRetry={boot.reload} />;
  if (boot.status === 'loading' || session.status === 'checking') {
    return (
      <div className="auth-screen">
        <LoadingState label={t('boot.loading')} />
      </div>
    );
  }

  const path = location.pathname;
  if (!provisioned) {
    return (
      <DeviceStatusContext.Provider value={deviceStatus}>
        {path === '/setup' ? <Outlet /> : <Navigate to="/setup" replace />}
      </DeviceStatusContext.Provider>
    );
  }
  const signedOutHere = session.status === 'anonymous' && !PUBLIC_PATHS.has(path);
  // A fresh deep link while signed out comes back to where it was headed after sign-in. After a
  // session ended (there is a notice) it does not: the next person starts at their own home page.
  const redirectState = session.status === 'anonymous' && session.notice === null ? { from: { pathname: path, search: location.search } } : undefined;
  return (
    <DeviceStatusContext.Provider value={deviceStatus}>
      {/* The sign-in page keeps the same place in the tree whether the URL is already /signin or is
          about to become it, so the redirect below never remounts it or draws anything else first. */}
      {path === '/signin' || signedOutHere ? <SignInPage /> : <Outlet />}
      {signedOutHere && <Navigate to="/signin" replace state={redirectState} />}
    </DeviceStatusContext.Provider>
  );
}
