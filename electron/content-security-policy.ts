// One policy for the window and for LAN browsers: the core owns it and sends it on every response;
// the window adds it again to whatever it loads from the app's origin.
import { CONTENT_SECURITY_POLICY } from '../core/index.js';
import { isAppUrl } from './app-origin.js';

export { CONTENT_SECURITY_POLICY };

/** Response headers as Electron's `webRequest.onHeadersReceived` hands them over. */
export type ResponseHeaders = Readonly<Record<string, string | readonly string[]>>;

/**
 * The response headers with the CSP added when `url` is on the app's origin; other responses are
 * returned unchanged. A policy the server already sent is kept: the browser enforces both.
 */
export function withContentSecurityPolicy(url: string, headers: ResponseHeaders | undefined, appOrigin: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name] = typeof value === 'string' ? [value] : [...value];
  if (!isAppUrl(url, appOrigin)) return result;
  // Header names are case-insensitive; append to the server's own entry rather than add a twin.
  const existing = Object.keys(result).find((name) => name.toLowerCase() === 'content-security-policy');
  const name = existing ?? 'Content-Security-Policy';
  result[name] = [...(result[name] ?? []), CONTENT_SECURITY_POLICY];
  return result;
}
