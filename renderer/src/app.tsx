import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import type { DataRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { ApiProvider } from './api/api-context.js';
import type { OutpostApi } from './api/outpost-api.js';
import { SessionProvider } from './auth/session-context.js';
import type { SignInSession } from './auth/sign-in-session.js';

/** What the app is built from; created once in main.tsx. */
export interface AppProps {
  readonly api: OutpostApi;
  readonly session: SignInSession;
  readonly i18n: i18n;
  readonly router: DataRouter;
}

/** The root of the management UI. */
export function App({ api, session, i18n, router }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider api={api}>
        <SessionProvider controller={session}>
          <RouterProvider router={router} />
        </SessionProvider>
      </ApiProvider>
    </I18nextProvider>
  );
}
