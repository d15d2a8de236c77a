import { createHash } from 'node:crypto';
import type { RandomSource } from '../../common/random-source.js';

/** A deterministic `RandomSource` (SHA-256 in counter mode): the same seed gives the same keys and ids. */
export function seededRandom(seed: string): RandomSource {
  let counter = 0;
  return (byteLength) => {
    const out = Buffer.alloc(byteLength);
    for (let offset = 0; offset < byteLength; offset += 32) {
      createHash('sha256').update(`${seed}\u0000${counter++}`).digest().copy(out, offset);
    }
    return out;
  };
}
