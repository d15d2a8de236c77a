/**
 * Cryptographically strong random bytes. Injected so tests can make ids, keys and salts
 * predictable; one shape for every domain, so the composition root passes one source to all.
 */
export type RandomSource = (byteLength: number) => Uint8Array;

// getRandomValues fills at most 65,536 bytes per call (Web Crypto's limit).
const MAX_FILL = 65_536;

/** The real source: the platform's CSPRNG (Web Crypto, which Node and browsers both provide). */
export const cryptoRandomSource: RandomSource = (byteLength) => {
  const bytes = new Uint8Array(byteLength);
  for (let start = 0; start < byteLength; start += MAX_FILL) globalThis.crypto.getRandomValues(bytes.subarray(start, start + MAX_FILL));
  return bytes;
};

/** `byteLength` random bytes as lowercase hex: ids of rows, instances, sessions and transfers. */
export function randomHex(random: RandomSource, byteLength = 16): string {
  let hex = '';
  for (const byte of random(byteLength)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
