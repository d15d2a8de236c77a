import { isAppUrl } from './app-origin.js';

/**
 * Whether an IPC message comes from a frame showing the app's own origin. Checked on every message
 * the main process answers: a frame that somehow reached another page gets nothing.
 */
export function isTrustedIpcSender(senderFrameUrl: string | null | undefined, appOrigin: string): boolean {
  return isAppUrl(senderFrameUrl, appOrigin);
}
