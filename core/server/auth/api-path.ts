/** The path of a request URL, without its query string. */
export function requestPath(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Whether `path` is an API path that cookie authentication and CSRF protection cover. */
export function isCookieApiPath(path: string, exemptPrefixes: readonly string[]): boolean {
  return path.startsWith('/api/') && !exemptPrefixes.some((prefix) => path.startsWith(prefix));
}
