import { CoreError, type ErrorCode } from '../../common/core-error.js';
import { isPeerRefusal } from '../protocol/wire-error.js';

/** Our own words for the refusals a person can act on; every other peer code gets the general one. */
const messages: Partial<Record<ErrorCode, string>> = {
  INVALID_CREDENTIALS: 'The other device did not accept that username and password.',
  PERMISSION_DENIED: 'That account may not do this on the other device.',
  SYNC_SCOPE_VIOLATION: 'That account may not do this on the other device.',
  NOT_FOUND: 'The other device does not have what was asked for; check the facility.',
  RATE_LIMITED: 'The other device refuses sign-ins for a while; try again later.',
  CERTIFICATE_INVALID: 'The other device does not accept this device’s certificate; pair with it again.',
};

/** A peer's text as it may appear in our details: one line, printable, bounded. */
function tame(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').slice(0, 300);
}

/**
 * Turns a refusal a peer answered with into this device's own `PEER_REFUSED` (502), with the
 * peer's code and message in `details` only, so that a peer never chooses our status or text
 * (a peer's NOT_AUTHENTICATED must not sign the user out here). Any other error is answered as is.
 */
export function asOurError(error: unknown): unknown {
  if (!isPeerRefusal(error)) return error;
  return new CoreError(
    'PEER_REFUSED',
    messages[error.code] ?? 'The other device refused the request.',
    [
      { path: 'peer.code', message: error.code },
      { path: 'peer.message', message: tame(error.message) },
    ],
    { cause: error },
  );
}
