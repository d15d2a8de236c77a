import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { RandomSource } from '../../common/random-source.js';

/** An Ed25519 key pair: base64 of the raw 32-byte public key and of the 32-byte private seed. */
export interface SigningKeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

// DER prefixes that wrap a raw Ed25519 seed (PKCS#8) and a raw public key (SPKI), so keys can be
// built from bytes — and so from the injected random source.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function privateKeyObject(privateKey: string): KeyObject {
  const seed = Buffer.from(privateKey, 'base64');
  if (seed.length !== 32) throw new Error('An Ed25519 private key is 32 bytes.');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(publicKey: string): KeyObject | undefined {
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32) return undefined;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/** A new key pair from 32 bytes of `random`. */
export function generateSigningKeyPair(random: RandomSource): SigningKeyPair {
  const seed = Buffer.from(random(32));
  const privateKey = seed.toString('base64');
  const spki = createPublicKey(privateKeyObject(privateKey)).export({ format: 'der', type: 'spki' });
  return { publicKey: spki.subarray(SPKI_PREFIX.length).toString('base64'), privateKey };
}

/** The base64 Ed25519 signature of `message` (UTF-8). */
export function signMessage(privateKey: string, message: string): string {
  return sign(null, Buffer.from(message, 'utf8'), privateKeyObject(privateKey)).toString('base64');
}

/** Whether `signature` is `publicKey`'s signature of `message`. False for malformed keys or signatures, never a throw. */
export function verifySignature(publicKey: string, message: string, signature: string): boolean {
  const key = publicKeyObject(publicKey);
  if (!key) return false;
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64) return false;
  try {
    return verify(null, Buffer.from(message, 'utf8'), key, bytes);
  } catch {
    return false;
  }
}
