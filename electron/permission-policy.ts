import { isAppUrl } from './app-origin.js';

/**
 * Permissions an app page may use. Everything else (camera, microphone, geolocation,
 * notifications, USB, HID, serial, opening external protocols, ...) is denied, as is any request
 * from a page that is not the app: the UI needs none of them.
 */
const GRANTED_TO_APP: ReadonlySet<string> = new Set([
  // navigator.clipboard.writeText, e.g. a "copy address" button; reading the clipboard stays denied.
  'clipboard-sanitized-write',
]);

/** Whether `permission`, asked for by a page at `requestingUrl`, is granted. Denied by default. */
export function isPermissionGranted(permission: string, requestingUrl: string | null | undefined, appOrigin: string): boolean {
  return GRANTED_TO_APP.has(permission) && isAppUrl(requestingUrl, appOrigin);
}
