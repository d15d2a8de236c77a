import { hash } from 'node:crypto';
import { randomHex, type RandomSource } from '../common/random-source.js';

/** Bytes of entropy in a session key: 256 bits, as the key is the whole credential. */
const KEY_BYTES = 32;
/** Bytes of the public session id: unguessable, but it grants nothing on its own. */
const ID_BYTES = 16;

/** A new random session key, base64url (43 characters). It is only ever sent in the cookie. */
export function createSessionKey(random: RandomSource): string {
  return Buffer.from(random(KEY_BYTES)).toString('base64url');
}

/** A new random public session id, hex (32 characters). */
export function createSessionId(random: RandomSource): string {
  return randomHex(random, ID_BYTES);
}

/** SHA-256 of a key, lowercase hex: what the database stores instead of the key. */
export function hashSessionKey(key: string): string {
  // One-shot `hash`: every request that carries a session hashes its key.
  return hash('sha256', key, 'hex');
}
