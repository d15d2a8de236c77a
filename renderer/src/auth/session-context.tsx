import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { SessionController } from './session-controller.js';
import type { SessionState } from './session-state.js';

const SessionContext = createContext<SessionController | null>(null);

/** Makes the session controller available to every view. */
export function SessionProvider({ controller, children }: { readonly controller: SessionController; readonly children: ReactNode }) {
  return <SessionContext.Provider value={controller}>{children}</SessionContext.Provider>;
}

/** The session controller, for actions (sign in, sign out). */
export function useSessionController(): SessionController {
  const controller = useContext(SessionContext);
  if (!controller) throw new Error('useSessionController outside SessionProvider');
  return controller;
}

/** The current session state; re-renders when it changes. */
export function useSession(): SessionState {
  const controller = useSessionController();
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
