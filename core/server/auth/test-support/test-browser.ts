import { CSRF_COOKIE, CSRF_HEADER } from '../../../contract/auth.js';
import { readSse, type SseEvent } from '../../../test-support/sse-reader.js';

/** One HTTP answer as a test sees it. */
export interface TestResponse {
  readonly status: number;
  // Tests read arbitrary JSON shapes.
  readonly body: any;
  readonly headers: Headers;
  /** The raw Set-Cookie lines of this answer. */
  readonly setCookies: readonly string[];
}

/** An open `GET /api/session/events` stream. */
export interface TestEventStream {
  readonly status: number;
  readonly headers: Headers;
  /** Events received so far. */
  readonly events: readonly SseEvent[];
  /** Resolves when the server ends the stream. */
  readonly closed: Promise<void>;
  /** Resolves with the next event not yet taken (received already or still to come), or rejects after `timeoutMs`. */
  nextEvent(timeoutMs?: number): Promise<SseEvent>;
  /** Closes the stream from the client side. */
  abort(): void;
}

/** Options of one request. */
export interface TestRequestOptions {
  /** Send the CSRF header: true (the cookie's value, the default), false, or a given value. */
  readonly csrf?: boolean | string;
  readonly headers?: Record<string, string>;
  /** A raw body (sent as JSON content); otherwise `body` is JSON-encoded. */
  readonly rawBody?: string;
}

/** A browser on one device: a cookie jar, and the CSRF header the UI would add. Real HTTP via fetch. */
export interface TestBrowser {
  request(method: string, path: string, body?: unknown, options?: TestRequestOptions): Promise<TestResponse>;
  /** The jar's value of a cookie. */
  cookie(name: string): string | undefined;
  /** Puts a cookie in the jar (a stolen or tampered one). */
  setCookie(name: string, value: string): void;
  /** Signs in with a fresh CSRF token first, as the UI does. */
  signIn(username: string, password: string, extra?: Record<string, unknown>): Promise<TestResponse>;
  openEvents(): Promise<TestEventStream>;
}

/** Creates a test browser against `baseUrl`. */
export function createTestBrowser(baseUrl: string, userAgent = 'TestBrowser/1.0'): TestBrowser {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const store = (lines: readonly string[]) => {
    for (const line of lines) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const cleared = /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (cleared || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };

  const browser: TestBrowser = {
    async request(method, path, body, options = {}) {
      const headers: Record<string, string> = { 'user-agent': userAgent, ...options.headers };
      if (jar.size > 0) headers.cookie = cookieHeader();
      const csrf = options.csrf ?? true;
      if (csrf !== false) {
        const token = csrf === true ? jar.get(CSRF_COOKIE) : csrf;
        if (token !== undefined) headers[CSRF_HEADER] = token;
      }
      let payload: string | undefined;
      if (options.rawBody !== undefined) payload = options.rawBody;
      else if (body !== undefined) payload = JSON.stringify(body);
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
      const setCookies = response.headers.getSetCookie();
      store(setCookies);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: keep the text.
      }
      return { status: response.status, body: parsed, headers: response.headers, setCookies };
    },
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => void jar.set(name, value),
    async signIn(username, password, extra = {}) {
      if (!jar.has(CSRF_COOKIE)) await browser.request('GET', '/api/auth/session');
      return browser.request('POST', '/api/auth/signin', { username, password, ...extra });
    },
    async openEvents() {
      const controller = new AbortController();
      const response = await fetch(`${baseUrl}/api/session/events`, { headers: { cookie: cookieHeader(), 'user-agent': userAgent }, signal: controller.signal });
      const reader = readSse(response);
      return {
        status: response.status,
        headers: response.headers,
        events: reader.events,
        closed: reader.closed,
        nextEvent: (timeoutMs = 1_000) => reader.next(timeoutMs),
        abort: () => controller.abort(),
      };
    },
  };
  return browser;
}
