import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RandomSource } from '../../common/random-source.js';

/** Issues and checks CSRF tokens signed with one core's secret. */
export interface CsrfTokens {
  /** A fresh token: 16 random bytes and their 16-byte HMAC, base64url (43 characters). */
  issue(): string;
  /** True only for a token `issue` of this core made. */
  verify(token: string): boolean;
}

const NONCE_BYTES = 16;
const MAC_BYTES = 16;
const SECRET_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
// Domain separation, should the secret ever sign anything else.
const LABEL = 'outpost-csrf-v1:';

/**
 * Creates the token signer with a secret drawn once from `random`. The secret lives only in memory:
 * after a restart old tokens are refused once (403 `CSRF_FAILED`), the next GET under /api/ sets a
 * new one, and the renderer retries with it. Signing means a token the server never issued (say
 * 43 × "B" planted as cookie and header) is refused; the 43-character shape the renderer and
 * tests know is kept.
 */
export function createCsrfTokens(random: RandomSource): CsrfTokens {
  const secret = Buffer.from(random(SECRET_BYTES));
  const mac = (nonce: Uint8Array) => createHmac('sha256', secret).update(LABEL).update(nonce).digest().subarray(0, MAC_BYTES);
  return Object.freeze({
    issue() {
      const nonce = Buffer.from(random(NONCE_BYTES));
      return Buffer.concat([nonce, mac(nonce)]).toString('base64url');
    },
    verify(token: string) {
      if (!TOKEN_SHAPE.test(token)) return false;
      const bytes = Buffer.from(token, 'base64url');
      if (bytes.length !== NONCE_BYTES + MAC_BYTES) return false;
      return timingSafeEqual(bytes.subarray(NONCE_BYTES), mac(bytes.subarray(0, NONCE_BYTES)));
    },
  });
}
