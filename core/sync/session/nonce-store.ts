import type { Clock } from '../../common/clock.js';
import { randomHex, type RandomSource } from '../../common/random-source.js';

/** How long a nonce may be used after it was issued. */
export const NONCE_LIFETIME_MS = 60_000;
/** The most nonces kept at once; the oldest go first (a client asking for many gets nothing extra). */
const MAX_NONCES = 10_000;

/** Single-use nonces for opening sync sessions: replaying a handshake fails. */
export interface NonceStore {
  issue(): { readonly nonce: string; readonly expiresAt: number };
  /** True once for a nonce issued here and not yet expired; false for anything else, ever after. */
  consume(nonce: string): boolean;
}

/** Creates an in-memory nonce store (nonces do not need to survive a restart). */
export function createNonceStore(options: { readonly clock: Clock; readonly random: RandomSource }): NonceStore {
  const issued = new Map<string, number>();
  const prune = (now: number) => {
    for (const [nonce, expiresAt] of issued) {
      if (expiresAt > now && issued.size < MAX_NONCES) break;
      issued.delete(nonce);
    }
  };
  return Object.freeze({
    issue() {
      const now = options.clock.now();
      prune(now);
      const nonce = randomHex(options.random);
      const expiresAt = now + NONCE_LIFETIME_MS;
      issued.set(nonce, expiresAt);
      return { nonce, expiresAt };
    },
    consume(nonce: string) {
      const expiresAt = issued.get(nonce);
      issued.delete(nonce);
      return expiresAt !== undefined && expiresAt > options.clock.now();
    },
  });
}
