import { Outlet } from 'react-router';
import { AppShell } from '../ui/app-shell.js';
import { useSession } from './session-context.js';

/**
 * The layout of every page that needs a user. Keyed by the session epoch, so everything the views
 * below hold in memory (lists, selections, open dialogs) is dropped when the user changes.
 */
export function SignedInLayout() {
  const session = useSession();
  // The root layout shows the sign-in page before this can render without a user.
  if (session.status !== 'signed-in') return null;
  return (
    <AppShell key={session.epoch} user={session.user}>
      <Outlet />
    </AppShell>
  );
}
