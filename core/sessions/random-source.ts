import { randomBytes } from 'node:crypto';

/** Cryptographically strong random bytes. Injected so tests can make keys predictable. */
export type RandomSource = (byteLength: number) => Uint8Array;

/** The real source: `node:crypto`'s CSPRNG. */
export const cryptoRandomSource: RandomSource = (byteLength) => randomBytes(byteLength);
