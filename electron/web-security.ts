import type { BrowserWindowConstructorOptions, WindowOpenHandlerResponse } from 'electron';
import { withContentSecurityPolicy } from './content-security-policy.js';
import { decideNavigation, decideWindowOpen, type NavigationDecision } from './navigation-guard.js';
import { isPermissionGranted } from './permission-policy.js';

/** The parts of an Electron `Session` the security policies are installed on. */
export interface SecuredSession {
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { readonly url: string; readonly responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { readonly requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

/** An event the shell may cancel. */
export interface CancellableNavigation {
  readonly url: string;
  preventDefault(): void;
}

/** The parts of an Electron `WebContents` the navigation guards are installed on. */
export interface GuardedWebContents {
  on(event: 'will-navigate', listener: (event: CancellableNavigation) => void): unknown;
  on(event: 'will-redirect', listener: (event: CancellableNavigation) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => WindowOpenHandlerResponse): void;
}

/** What the guards need from the shell. */
export interface WebSecurityContext {
  /** The app's origin once the core host serves, '' before (then nothing is the app). */
  readonly appOrigin: () => string;
  /** Opens a URL in the system browser (`shell.openExternal`); called only after the scheme check. */
  readonly openExternal: (url: string) => void;
  /** The options of a window an app page opens: as locked down as the main window. */
  readonly childWindowOptions: () => BrowserWindowConstructorOptions;
}

/**
 * The session-wide policies: the CSP on every app response, every permission denied unless the
 * policy grants it to the app, and no device (USB, HID, serial) access at all.
 */
export function installSessionSecurity(session: SecuredSession, appOrigin: () => string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders, appOrigin()) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, appOrigin()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionGranted(permission, requestingOrigin, appOrigin()));
  session.setDevicePermissionHandler(() => false);
}

/** Keeps every web page (windows, and any window a page opens) on the app's origin. */
export function guardWebContents(contents: GuardedWebContents, context: WebSecurityContext): void {
  const apply = (decision: NavigationDecision, url: string, cancel: () => void) => {
    if (decision === 'allow') return;
    cancel();
    if (decision === 'open-externally') context.openExternal(url);
  };
  contents.on('will-navigate', (event) => apply(decideNavigation(event.url, context.appOrigin()), event.url, () => event.preventDefault()));
  // A redirect never leaves the window either, e.g. an app URL answering 302 to another site.
  contents.on('will-redirect', (event) => apply(decideNavigation(event.url, context.appOrigin()), event.url, () => event.preventDefault()));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, context.appOrigin());
    if (decision === 'allow') return { action: 'allow', overrideBrowserWindowOptions: context.childWindowOptions() };
    if (decision === 'open-externally') context.openExternal(url);
    return { action: 'deny' };
  });
}
