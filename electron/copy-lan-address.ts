import { httpOrigin } from './app-origin.js';
import { lanAddressDialog, type LanAddressDialog } from './lan-address-dialog.js';

/** The path of the renderer's Connect learners page (renderer/src/routes.tsx). */
export const CONNECT_LEARNERS_PATH = '/connect';

/** What File › "Copy LAN Address" does. */
export type CopyLanAddressAction =
  /** Opens the Connect learners page in the window, after copying the first address when learners can reach one. */
  | { readonly kind: 'open-page'; readonly url: string; readonly copyText?: string }
  /** No server to show the page yet (starting, or stopped): the dialog says what it can. */
  | { readonly kind: 'dialog'; readonly dialog: LanAddressDialog };

/**
 * Decides what "Copy LAN Address" does. While the core serves, it opens the same Connect learners
 * page the headless server has (every address with its QR code, or why there is none), on the
 * window's own origin so the navigation guard keeps it in the window; the first address learners
 * can type still goes on the clipboard. Before the core serves, the old dialog explains.
 */
export function copyLanAddressAction(input: { readonly appUrl: string | undefined; readonly lanServing: boolean; readonly urls: readonly string[] }): CopyLanAddressAction {
  const origin = input.appUrl === undefined ? undefined : httpOrigin(input.appUrl);
  const dialog = lanAddressDialog({ lanServing: input.lanServing, urls: input.urls });
  if (origin === undefined) return { kind: 'dialog', dialog };
  const url = `${origin}${CONNECT_LEARNERS_PATH}`;
  return dialog.copyText === undefined ? { kind: 'open-page', url } : { kind: 'open-page', url, copyText: dialog.copyText };
}
