import { describe, expect, it, vi } from 'vitest';
import { createApiClient, readCookieFrom, buildUrl, type ApiRequest, type DropReason } from './api-client.js';
import { ApiError } from './api-error.js';
import type { SessionGuard } from './session-guard.js';

/** A guard whose epoch the test moves by hand. */
function fakeGuard() {
  let epoch = 1;
  let abort = new AbortController();
  const ended: number[] = [];
  const guard: SessionGuard = {
    currentEpoch: () => epoch,
    epochSignal: () => abort.signal,
    notAuthenticated: (at) => void ended.push(at),
  };
  return {
    guard,
    ended,
    nextEpoch() {
      epoch += 1;
      abort.abort();
      abort = new AbortController();
    },
  };
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Records every dropped request; `next()` resolves when the next one is dropped. */
function dropWatch() {
  const reasons: DropReason[] = [];
  let wake: (() => void) | undefined;
  return {
    reasons,
    onDropped: (_request: ApiRequest, reason: DropReason) => {
      reasons.push(reason);
      wake?.();
    },
    /**
     * How `promise` ends: settled, or dropped, which means it never settles (the client answers a
     * promise that never settles). Call it before awaiting anything after making the request.
     */
    async outcome(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | DropReason> {
      const before = reasons.length;
      const dropped = new Promise<void>((resolve) => (wake = () => reasons.length > before && resolve()));
      if (reasons.length > before) return reasons[before]!;
      const settled = promise.then(
        () => 'resolved' as const,
        () => 'rejected' as const,
      );
      return Promise.race([settled, dropped.then(() => reasons[before]!)]);
    },
  };
}

describe('api client', () => {
  it('sends credentials, JSON, and echoes the CSRF cookie on state-changing requests only', async () => {
    const { guard } = fakeGuard();
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json(200, { ok: true }));
    const client = createApiClient({ fetch, readCookie: (name) => (name === 'outpost_csrftoken' ? 'tok' : undefined), guard });
    await client.request({ path: '/api/things', query: { search: 'a b', role: undefined, page: 2, empty: '' } });
    await client.request({ method: 'POST', path: '/api/things', json: { name: 'x' } });
    const [getUrl, getInit] = fetch.mock.calls[0]!;
    const [, postInit] = fetch.mock.calls[1]!;
    expect(getUrl).toBe('/api/things?search=a+b&page=2');
    expect(getInit?.credentials).toBe('same-origin');
    expect(new Headers(getInit?.headers).has('X-CSRFToken')).toBe(false);
    expect(new Headers(postInit?.headers).get('X-CSRFToken')).toBe('tok');
    expect(new Headers(postInit?.headers).get('Content-Type')).toBe('application/json');
    expect(postInit?.body).toBe('{"name":"x"}');
  });

  it('arms the CSRF cookie with a GET first when it is missing', async () => {
    const { guard } = fakeGuard();
    let cookie: string | undefined;
    const fetch = vi.fn<typeof globalThis.fetch>(async (url) => {
      if (String(url) === '/api/health') {
        cookie = 'fresh';
        return json(200, {});
      }
      return json(204, undefined);
    });
    const client = createApiClient({ fetch, readCookie: () => cookie, guard });
    await client.request({ method: 'DELETE', path: '/api/users/1' });
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual(['/api/health', '/api/users/1']);
    expect(new Headers(fetch.mock.calls[1]![1]?.headers).get('X-CSRFToken')).toBe('fresh');
  });

  it('retries once with a fresh token after CSRF_FAILED', async () => {
    const { guard } = fakeGuard();
    let cookie = 'stale';
    const answers = [json(403, { code: 'CSRF_FAILED', message: 'bad token' }), json(200, { done: true })];
    const fetch = vi.fn<typeof globalThis.fetch>(async (url) => {
      if (String(url) === '/api/health') {
        cookie = 'fresh';
        return json(200, {});
      }
      return answers.shift()!;
    });
    const client = createApiClient({ fetch, readCookie: () => cookie, guard });
    await expect(client.request({ method: 'POST', path: '/api/x', json: {} })).resolves.toEqual({ done: true });
    expect(new Headers(fetch.mock.calls[2]![1]?.headers).get('X-CSRFToken')).toBe('fresh');
  });

  it('throws ApiError with the server’s code and details', async () => {
    const { guard } = fakeGuard();
    const fetch = async () => json(409, { code: 'CONFLICT', message: 'Username taken', details: [{ path: 'username', message: 'Taken' }] });
    const client = createApiClient({ fetch, readCookie: () => 't', guard });
    const error = await client.request({ method: 'POST', path: '/api/x', json: {} }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('CONFLICT');
    expect((error as ApiError).fieldError('username')).toBe('Taken');
  });

  it('reports a network failure as NETWORK', async () => {
    const { guard } = fakeGuard();
    const client = createApiClient({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')), readCookie: () => 't', guard });
    await expect(client.request({ path: '/api/x' })).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });

  it('routes a 401 NOT_AUTHENTICATED to the guard and never settles, so no view renders an error', async () => {
    const { guard, ended } = fakeGuard();
    const drops = dropWatch();
    const client = createApiClient({ fetch: async () => json(401, { code: 'NOT_AUTHENTICATED', message: 'gone' }), readCookie: () => 't', guard, onDropped: drops.onDropped });
    expect(await drops.outcome(client.request({ path: '/api/facilities' }))).toBe('not-authenticated');
    expect(ended).toEqual([1]);
  });

  it('lets an anonymous call see its 401 as an answer', async () => {
    const { guard, ended } = fakeGuard();
    const client = createApiClient({ fetch: async () => json(401, { code: 'NOT_AUTHENTICATED', message: 'none' }), readCookie: () => 't', guard });
    await expect(client.request({ path: '/api/auth/session', anonymous: true })).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
    expect(ended).toEqual([]);
  });

  it('drops an answer that arrives after the session changed, success or failure alike', async () => {
    const harness = fakeGuard();
    let release: (response: Response) => void = () => {};
    const drops = dropWatch();
    const client = createApiClient({ fetch: () => new Promise<Response>((resolve) => (release = resolve)), readCookie: () => 't', guard: harness.guard, onDropped: drops.onDropped });
    const late = client.request({ path: '/api/facilities/1/users' });
    harness.nextEpoch();
    release(json(200, { items: ['previous user’s data'] }));
    expect(await drops.outcome(late)).toBe('session-changed');

    const failing = client.request({ path: '/api/x' });
    harness.nextEpoch();
    release(json(500, { code: 'INTERNAL', message: 'boom' }));
    expect(await drops.outcome(failing)).toBe('session-changed');
    expect(harness.ended).toEqual([]);
  });

  it('aborts in-flight requests when the session ends, silently', async () => {
    const harness = fakeGuard();
    const fetch = (_url: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const drops = dropWatch();
    const client = createApiClient({ fetch, readCookie: () => 't', guard: harness.guard, onDropped: drops.onDropped });
    const pending = client.request({ path: '/api/x' });
    harness.nextEpoch();
    expect(await drops.outcome(pending)).toBe('session-changed');
  });

  it('a 401 reported for an old epoch carries that epoch, so the guard can ignore it', async () => {
    const harness = fakeGuard();
    let release: (response: Response) => void = () => {};
    const drops = dropWatch();
    const client = createApiClient({ fetch: () => new Promise<Response>((resolve) => (release = resolve)), readCookie: () => 't', guard: harness.guard, onDropped: drops.onDropped });
    const request = client.request({ path: '/api/x' });
    harness.nextEpoch();
    release(json(401, { code: 'NOT_AUTHENTICATED', message: 'gone' }));
    expect(await drops.outcome(request)).toBe('session-changed');
    // Dropped before it reached the guard: the new session is not ended by the old one's 401.
    expect(harness.ended).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads one cookie from document.cookie', () => {
    expect(readCookieFrom('a=1; outpost_csrftoken=abc%3D; b=2', 'outpost_csrftoken')).toBe('abc=');
    expect(readCookieFrom('a=1', 'outpost_csrftoken')).toBeUndefined();
    expect(readCookieFrom('', 'x')).toBeUndefined();
  });

  it('builds URLs without empty parameters', () => {
    expect(buildUrl('', '/api/x')).toBe('/api/x');
    expect(buildUrl('http://h', '/api/x', { deleted: true, search: '' })).toBe('http://h/api/x?deleted=true');
  });
});
