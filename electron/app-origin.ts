/**
 * The origin (`http://127.0.0.1:8080`) of `url` when it is an http(s) URL, else undefined. file:,
 * data: and javascript: URLs have no origin worth comparing (the URL parser answers "null").
 */
export function httpOrigin(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
}

/** Whether `url` belongs to the app's own origin: same scheme, host and port. */
export function isAppUrl(url: string | null | undefined, appOrigin: string): boolean {
  const origin = httpOrigin(url);
  return origin !== undefined && origin === appOrigin;
}
