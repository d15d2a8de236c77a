import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CONFLICTING_VALUES, MAX_FIELD_STAMPS } from '../store/store-record.js';
import { wellFormedRecord } from './well-formed-record.js';
import { MAX_SERIALIZED_LENGTH, storeRecordSchema } from './wire-schemas.js';

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const text = (min: number, max: number) => fc.oneof(fc.string({ minLength: min, maxLength: Math.min(max, 12) }), fc.constant('x'.repeat(max)));
const counter = fc.oneof(fc.integer({ min: 1, max: 1_000_000 }), fc.constant(Number.MAX_SAFE_INTEGER));
const stamp = fc.record({ at: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.constant(0)), instance: hex32, counter });
const serialized = fc.oneof(fc.constant(null), fc.string({ maxLength: 40 }));

const validRecord = fc.record(
  {
    id: hex32,
    profile: text(1, 64),
    modelName: text(1, 64),
    sourceId: text(1, 128),
    partition: text(1, 512),
    serialized,
    deleted: fc.boolean(),
    hardDeleted: fc.boolean(),
    lastSavedInstance: hex32,
    lastSavedCounter: counter,
    valueStamp: stamp,
    versions: fc.dictionary(hex32, counter, { maxKeys: 3 }),
    conflicting: fc.array(fc.record({ stamp, serialized }), { maxLength: MAX_CONFLICTING_VALUES }),
    fieldStamps: fc.dictionary(text(1, 64), fc.array(stamp, { minLength: 1, maxLength: MAX_FIELD_STAMPS }), { maxKeys: 3 }),
  },
  { requiredKeys: ['id', 'profile', 'modelName', 'sourceId', 'partition', 'serialized', 'deleted', 'hardDeleted', 'lastSavedInstance', 'lastSavedCounter', 'valueStamp', 'versions', 'conflicting'] },
);

// Values that break some bound or type somewhere: each mutation puts one of them at one place.
const oddValue = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'x'.repeat(65),
  'x'.repeat(129),
  'x'.repeat(513),
  'x'.repeat(MAX_SERIALIZED_LENGTH + 1),
  'A'.repeat(32),
  'a'.repeat(31),
  -1,
  0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  true,
  [],
  {},
  [{}],
  Array.from({ length: MAX_CONFLICTING_VALUES + 1 }, () => ({ stamp: { at: 0, instance: 'a'.repeat(32), counter: 1 }, serialized: null })),
  Array.from({ length: MAX_FIELD_STAMPS + 1 }, () => ({ at: 0, instance: 'a'.repeat(32), counter: 1 })),
  Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`f${index}`, [{ at: 0, instance: 'a'.repeat(32), counter: 1 }]])),
);

type Json = Record<string, unknown> | unknown[];

/** The record with one value somewhere inside it replaced, removed or added. */
function mutate(record: Record<string, unknown>, path: readonly number[], value: unknown, action: number): Record<string, unknown> {
  const copy = structuredClone(record);
  let target: Json = copy;
  for (const step of path) {
    const keys = Object.keys(target);
    if (keys.length === 0) break;
    const key = keys[step % keys.length]!;
    const next = (target as Record<string, unknown>)[key];
    if (typeof next !== 'object' || next === null || Math.abs(step) % 3 === 0) {
      if (action % 3 === 0) delete (target as Record<string, unknown>)[key];
      else (target as Record<string, unknown>)[key] = value;
      return copy;
    }
    target = next as Json;
  }
  if (!Array.isArray(target)) (target as Record<string, unknown>)[action % 2 === 0 ? 'extra' : `k${action}`] = value;
  return copy;
}

describe('the quick check of a record from a peer', () => {
  it('accepts every record the schema accepts, as it is, without a copy', () => {
    fc.assert(
      fc.property(validRecord, (record) => {
        expect(storeRecordSchema.safeParse(record).success).toBe(true);
        expect(wellFormedRecord(record)).toBe(record);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts a changed record exactly when the schema does, and then the schema would answer the same record', () => {
    fc.assert(
      fc.property(validRecord, fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }), oddValue, fc.nat(5), (record, path, value, action) => {
        const changed = mutate(record, path, value, action);
        const parsed = storeRecordSchema.safeParse(changed);
        const quick = wellFormedRecord(changed);
        if (quick !== undefined) {
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(changed);
        }
        // On what JSON can carry (no undefined, NaN or infinities), the two always agree.
        const wire = JSON.parse(JSON.stringify(changed)) as unknown;
        expect(wellFormedRecord(wire) !== undefined).toBe(storeRecordSchema.safeParse(wire).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves anything but a plain object to the schema', () => {
    for (const value of [null, undefined, 'record', 7, [], new Map(), Object.create({ id: 'a'.repeat(32) })]) expect(wellFormedRecord(value)).toBeUndefined();
  });
});
