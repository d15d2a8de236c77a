import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Hashes and verifies passwords. Hashes carry their own parameters so the cost can be raised later. */
export interface PasswordHasher {
  /** A new hash of `password` with a fresh random salt: `scrypt$N$r$p$salt$hash` (base64). */
  hash(password: string): Promise<string>;
  /** Whether `password` matches `stored`. False (never a throw) for a malformed stored hash. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Whether `stored` was made with weaker parameters than today's, so it should be re-hashed at sign-in. */
  needsRehash(stored: string): boolean;
}

/** What a scrypt hasher is built from. */
export interface ScryptHasherOptions {
  /** Cryptographic randomness for salts (node's `randomBytes` in production). */
  readonly randomBytes: (size: number) => Uint8Array;
  /** log2 of scrypt's N: 14 (N = 16384, 16 MB and some 30–60 ms per hash on a laptop) unless told otherwise. */
  readonly cost?: number;
  readonly blockSize?: number;
  readonly parallelization?: number;
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** The cost used when none is configured; tests and benchmarks lower it through the core config. */
export const DEFAULT_SCRYPT_COST = 14;

interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

function derive(password: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  // maxmem above scrypt's 128·N·r so that raising the cost later does not start failing.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function parse(stored: string): ScryptParameters | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return undefined;
  // Refuse absurd parameters from a tampered row instead of allocating gigabytes.
  if (N > 2 ** 20 || r > 32 || p > 16) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  if (salt.length === 0 || hash.length === 0) return undefined;
  return { N, r, p, salt, hash };
}

/** Creates the scrypt `PasswordHasher` (node:crypto, asynchronous: hashing never blocks the event loop). */
export function createScryptPasswordHasher(options: ScryptHasherOptions): PasswordHasher {
  const cost = options.cost ?? DEFAULT_SCRYPT_COST;
  if (!Number.isInteger(cost) || cost < 1 || cost > 20) throw new RangeError(`scrypt cost must be an integer from 1 to 20, not ${cost}`);
  const current = Object.freeze({ N: 2 ** cost, r: options.blockSize ?? 8, p: options.parallelization ?? 1 });
  return Object.freeze({
    async hash(password: string) {
      const salt = Buffer.from(options.randomBytes(SALT_LENGTH));
      const key = await derive(password, salt, current, KEY_LENGTH);
      return ['scrypt', current.N, current.r, current.p, salt.toString('base64'), key.toString('base64')].join('$');
    },
    async verify(password: string, stored: string) {
      const parameters = parse(stored);
      if (!parameters) return false;
      const key = await derive(password, parameters.salt, parameters, parameters.hash.length);
      return timingSafeEqual(key, parameters.hash);
    },
    needsRehash(stored: string) {
      const parameters = parse(stored);
      return !parameters || parameters.N < current.N || parameters.r < current.r || parameters.p < current.p;
    },
  });
}
