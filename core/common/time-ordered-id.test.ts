import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { cryptoRandomSource, type RandomSource } from './random-source.js';
import { createTimeOrderedIds } from './time-ordered-id.js';

const sorted = (ids: readonly string[]) => [...ids].sort();

describe('time-ordered row ids', () => {
  it('are 32 lowercase hex digits that start with the creation time in milliseconds', () => {
    const clock = createManualClock(Date.parse('2026-12-01T10:00:00Z'));
    const id = createTimeOrderedIds(clock, cryptoRandomSource)();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(parseInt(id.slice(0, 12), 16)).toBe(clock.now());
  });

  it('strictly increase within one millisecond (a bulk import) and never repeat', () => {
    const newId = createTimeOrderedIds(createManualClock(1_000), cryptoRandomSource);
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(ids);
  });

  it('sort by creation time across milliseconds', () => {
    const clock = createManualClock(5_000);
    const newId = createTimeOrderedIds(clock, cryptoRandomSource);
    const ids: string[] = [];
    for (let step = 0; step < 50; step += 1) {
      ids.push(newId(), newId());
      clock.advance(1 + (step % 3));
    }
    expect(sorted(ids)).toEqual(ids);
  });

  it('keep increasing when the clock steps back', () => {
    const clock = createManualClock(10_000);
    const newId = createTimeOrderedIds(clock, cryptoRandomSource);
    const before = newId();
    clock.set(9_000);
    const after = newId();
    expect(after > before).toBe(true);
    expect(after.slice(0, 12)).toBe(before.slice(0, 12));
  });

  it('carry into the time when the random part is used up', () => {
    // Random bytes all 0xff: the first id of the millisecond is the last of its range.
    const saturated: RandomSource = (length) => new Uint8Array(length).fill(0xff);
    const newId = createTimeOrderedIds(createManualClock(7), saturated);
    const first = newId();
    const second = newId();
    expect(first).toBe(`${(7).toString(16).padStart(12, '0')}${'f'.repeat(20)}`);
    expect(second).toBe(`${(8).toString(16).padStart(12, '0')}${'0'.repeat(20)}`);
  });

  it('differ between two devices in the same millisecond', () => {
    const clock = createManualClock(42);
    const a = createTimeOrderedIds(clock, cryptoRandomSource);
    const b = createTimeOrderedIds(clock, cryptoRandomSource);
    const fromA = new Set(Array.from({ length: 1_000 }, () => a()));
    expect(Array.from({ length: 1_000 }, () => b()).some((id) => fromA.has(id))).toBe(false);
  });
});
