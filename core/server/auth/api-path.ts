import type { FastifyRequest } from 'fastify';

/** The path of a request URL, without its query string. */
export function requestPath(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The path the router matched the request to (its pattern, `/api/users/:id`), or the raw path when
 * no route matched. Checks keyed on paths use this, so they judge the route that will run, not a
 * spelling of it (`/%61pi/…`, `http://host/api/…`).
 */
export function routedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? requestPath(request.url);
}

/** Whether `path` is an API path that cookie authentication and CSRF protection cover. */
export function isCookieApiPath(path: string, exemptPrefixes: readonly string[]): boolean {
  return path.startsWith('/api/') && !exemptPrefixes.some((prefix) => path.startsWith(prefix));
}
