import { httpOrigin, isAppUrl } from './app-origin.js';

/** What the shell does with a URL the page tries to navigate to or open in a new window. */
export type NavigationDecision = 'allow' | 'open-externally' | 'deny';

/**
 * Navigation inside the window: the app's own origin stays in the window; any other http(s) page
 * goes to the system browser, where it has no preload and no privileges; every other scheme
 * (javascript:, file:, data:, custom protocols) is refused.
 */
export function decideNavigation(url: string, appOrigin: string): NavigationDecision {
  if (isAppUrl(url, appOrigin)) return 'allow';
  return isExternalWebUrl(url) ? 'open-externally' : 'deny';
}

/**
 * `window.open` and `target=_blank`: the same rules as navigation. An app page may open another
 * app page in a new, equally locked-down window.
 */
export function decideWindowOpen(url: string, appOrigin: string): NavigationDecision {
  return decideNavigation(url, appOrigin);
}

/**
 * The scheme check before `shell.openExternal`: http or https only, and no user:password part,
 * which is a classic way of disguising where a link really goes.
 */
export function isExternalWebUrl(url: string): boolean {
  if (httpOrigin(url) === undefined) return false;
  const parsed = new URL(url);
  return parsed.username === '' && parsed.password === '';
}
