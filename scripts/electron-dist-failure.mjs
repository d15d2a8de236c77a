// Turns a failed electron-builder run into one line a person can act on.

/** Network errors as Node and got report them: nothing could be downloaded. */
const OFFLINE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up)\b/;

/** Printed by the afterExtract hook: from here on, Electron has been downloaded and unpacked. */
export const ELECTRON_READY_MARKER = 'outpost dist: Electron is unpacked';

/**
 * The one line `npm run dist` ends with when electron-builder failed, from everything it printed.
 * Undefined when the failure is none of the known kinds (its own output then says what happened).
 */
export function describeDistFailure(output, { electronVersion }) {
  const native = output.match(/cannot build [^\n]* for Electron [^\n]*/);
  if (native) return `outpost dist: ${native[0].trim()}`;
  const offline = output.match(OFFLINE);
  if (!offline) return undefined;
  const cause = output.match(/getaddrinfo \w+ [\w.-]+/)?.[0] ?? offline[1];
  if (!output.includes(ELECTRON_READY_MARKER)) {
    return `outpost dist: cannot download Electron ${electronVersion} (no internet access: ${cause}); installers need the Electron download, so run npm run dist on a machine with internet.`;
  }
  return `outpost dist: cannot download electron-builder's packaging tools (no internet access: ${cause}); run npm run dist on a machine with internet.`;
}
