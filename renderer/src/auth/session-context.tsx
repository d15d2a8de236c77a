import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { SignInSession } from './sign-in-session.js';
import type { SessionState } from './session-state.js';

const SessionContext = createContext<SignInSession | null>(null);

/** Makes the sign-in session available to every view. */
export function SessionProvider({ controller, children }: { readonly controller: SignInSession; readonly children: ReactNode }) {
  return <SessionContext.Provider value={controller}>{children}</SessionContext.Provider>;
}

/** The sign-in session, for actions (sign in, sign out). */
export function useSignInSession(): SignInSession {
  const controller = useContext(SessionContext);
  if (!controller) throw new Error('useSignInSession outside SessionProvider');
  return controller;
}

/** The current session state; re-renders when it changes. */
export function useSession(): SessionState {
  const controller = useSignInSession();
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
