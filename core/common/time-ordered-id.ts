import type { Clock } from './clock.js';
import type { RandomSource } from './random-source.js';

const TIME_DIGITS = 12;
const HALF_DIGITS = 10;
const HALF = 2 ** 40;

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

function randomHalf(bytes: Uint8Array, offset: number): number {
  let value = 0;
  for (let index = offset; index < offset + 5; index += 1) value = value * 256 + bytes[index]!;
  return value;
}

/**
 * Ids for new rows that sort by when they were made: 32 lowercase hex digits, the creation time
 * first (12 digits of milliseconds since 1970, as in a UUIDv7), then 80 bits drawn at random at
 * each new millisecond and counted up within it (a CSV import makes thousands of rows in one), so
 * the ids of one source strictly increase, even when the clock steps back.
 *
 * Why: a row's id is its primary key on every device, and the sync store's source index holds it
 * too. Random ids land at random places in those indexes, so every write transaction of a large
 * sync rewrites pages all over them; ids in creation order fill them at their ends, where a
 * receiver also adds them (records travel in save order). At 100,000 records this took each
 * receiver's CPU from ~10.5 to ~8.2 s and each direction ~2.5 s faster (docs/performance.md,
 * "Sync", part 7). Ids made by other devices at the same moment differ by their random 80 bits,
 * so no coordination is needed. An id tells when its row was made, as the rows' own dates do.
 */
export function createTimeOrderedIds(clock: Clock, random: RandomSource): () => string {
  let lastTime = -1;
  let high = 0;
  let low = 0;
  return () => {
    const now = Math.max(0, Math.floor(clock.now()));
    if (now > lastTime) {
      lastTime = now;
      const bytes = random(10);
      high = randomHalf(bytes, 0);
      low = randomHalf(bytes, 5);
    } else {
      // The same millisecond, or the clock stepped back: count on from the last id.
      low += 1;
      if (low === HALF) {
        low = 0;
        high += 1;
        if (high === HALF) {
          high = 0;
          lastTime += 1;
        }
      }
    }
    return hex(lastTime, TIME_DIGITS) + hex(high, HALF_DIGITS) + hex(low, HALF_DIGITS);
  };
}
