import { request, type APIRequestContext } from '@playwright/test';
import { CSRF_COOKIE, CSRF_HEADER } from '../../core/contract/auth.js';

/** An HTTP client with its own cookie jar, as a second person or a seeding script would have. */
export interface ApiSession {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<T>;
  /** The raw status of a GET, for checks that expect a refusal. */
  status(path: string): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * Opens an API session against a server, signed in when credentials are given. It arms and echoes
 * the CSRF token like the UI does, so seeding goes through exactly the checks the UI meets.
 */
export async function openApiSession(baseURL: string, credentials?: { readonly username: string; readonly password: string }): Promise<ApiSession> {
  const context: APIRequestContext = await request.newContext({ baseURL });
  await context.get('/api/health');
  const csrf = async () => (await context.storageState()).cookies.find((cookie) => cookie.name === CSRF_COOKIE)?.value ?? '';
  const check = async (response: Awaited<ReturnType<APIRequestContext['get']>>, what: string) => {
    if (!response.ok()) throw new Error(`${what} answered ${response.status()}: ${await response.text()}`);
    const text = await response.text();
    return text === '' ? undefined : JSON.parse(text);
  };
  const session: ApiSession = {
    async get<T>(path: string) {
      return (await check(await context.get(path), `GET ${path}`)) as T;
    },
    async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType = 'application/json') {
      const headers: Record<string, string> = { [CSRF_HEADER]: await csrf() };
      if (body !== undefined) headers['content-type'] = contentType;
      const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const response = await context.fetch(path, { method, headers, data });
      return (await check(response, `${method} ${path}`)) as T;
    },
    async status(path: string) {
      return (await context.get(path)).status();
    },
    dispose: () => context.dispose(),
  };
  if (credentials) await session.send('POST', '/api/auth/signin', credentials);
  return session;
}
