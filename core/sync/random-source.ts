import { randomBytes } from 'node:crypto';

/**
 * Cryptographically strong random bytes. Injected so tests can make ids and keys predictable; the
 * same shape as the sessions domain's source, so the composition root passes one to both.
 */
export type RandomSource = (byteLength: number) => Uint8Array;

/** The real source: `node:crypto`'s CSPRNG. */
export const cryptoRandomSource: RandomSource = (byteLength) => randomBytes(byteLength);

/** `byteLength` random bytes as lowercase hex: ids of instances, sessions and transfers. */
export function randomHex(random: RandomSource, byteLength = 16): string {
  return Buffer.from(random(byteLength)).toString('hex');
}
