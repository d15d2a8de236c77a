import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { apiRoutes } from '../../core/contract/api-routes.js';
import { createApiClient, readCookieFrom } from './api/api-client.js';
import { createOutpostApi } from './api/outpost-api.js';
import { openSessionEvents } from './api/session-events.js';
import { App } from './app.js';
import { createSignInSession } from './auth/sign-in-session.js';
import { createI18n } from './i18n/create-i18n.js';
import { routes } from './routes.js';
import './ui/styles.css';

// The composition root of the UI: every long-lived object is made here, once, and handed down.
const session = createSignInSession({
  openEvents: (handlers) => openSessionEvents(apiRoutes.sessionEvents, (url) => new EventSource(url, { withCredentials: true }), handlers),
  timers: { setTimeout: (callback, ms) => window.setTimeout(callback, ms), clearTimeout: (handle) => window.clearTimeout(handle as number) },
});
const client = createApiClient({
  fetch: (...args) => window.fetch(...args),
  readCookie: (name) => readCookieFrom(document.cookie, name),
  guard: session,
});
const api = createOutpostApi(client);
session.setVerifier(() => api.auth.verifySession());
const i18n = createI18n(safeLocalStorage(), navigator.languages);
const router = createBrowserRouter(routes);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <App api={api} session={session} i18n={i18n} router={router} />
  </StrictMode>,
);

/** localStorage, or nothing where the browser forbids it (some kiosk and privacy settings). */
function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
