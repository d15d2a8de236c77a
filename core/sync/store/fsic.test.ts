import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterContains, normalizeFilter } from '../model/sync-filter.js';
import { effectiveCounter, fsicForFilter, restrictFsic, simplifyFsic, type CounterEntry } from './fsic.js';
import { planQueue, segmentPrefixes } from './queue-plan.js';

describe('fsic', () => {
  it('maps broader knowledge onto the filter prefixes and keeps narrower knowledge inside the filter', () => {
    const entries: CounterEntry[] = [
      { partition: '', instance: 'self', counter: 9 },
      { partition: 'ds', instance: 'a', counter: 4 },
      { partition: 'ds:user-ro:u1', instance: 'b', counter: 7 },
      { partition: 'ds:user-ro:u1', instance: 'a', counter: 3 },
      { partition: 'other', instance: 'c', counter: 5 },
    ];
    expect(fsicForFilter(entries, ['ds:user-ro'])).toEqual({
      'ds:user-ro': { self: 9, a: 4 },
      'ds:user-ro:u1': { b: 7 },
    });
  });

  it('takes the best counter of every key holding a partition', () => {
    const fsic = { ds: { a: 4 }, 'ds:user-ro:u1': { a: 6, b: 2 } };
    expect(effectiveCounter(fsic, 'ds:user-ro:u1', 'a')).toBe(6);
    expect(effectiveCounter(fsic, 'ds:user-ro:u2', 'a')).toBe(4);
    expect(effectiveCounter(fsic, 'ds:user-ro:u2', 'b')).toBe(0);
    expect(effectiveCounter(fsic, 'elsewhere', 'a')).toBe(0);
  });

  it('drops entries a broader key covers', () => {
    expect(simplifyFsic({ ds: { a: 4 }, 'ds:x': { a: 4, b: 1 }, 'ds:y': { a: 0 } })).toEqual({ ds: { a: 4 }, 'ds:x': { b: 1 } });
  });

  it('lists every segment prefix, longest first', () => {
    expect(segmentPrefixes('ds:user-ro:u1')).toEqual(['ds:user-ro:u1', 'ds:user-ro', 'ds', '']);
  });

  const segment = fc.constantFrom('ds', 'u1', 'u12', 'user-ro', 'x');
  const partition = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(':'));
  const instance = fc.constantFrom('a', 'b', 'c');
  const entry = fc.record({ partition: fc.oneof(partition, fc.constant('')), instance, counter: fc.integer({ min: 1, max: 6 }) });
  const save = fc.record({ partition, instance, counter: fc.integer({ min: 1, max: 6 }) });

  it('restricting to a filter keeps the effective counter of every partition inside it (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.array(partition, { minLength: 1, maxLength: 3 }), partition, instance, (entries, rawFilter, p, i) => {
        const filter = normalizeFilter(rawFilter);
        if (!filterContains(filter, p)) return;
        const raw = fsicForFilter(entries, ['']);
        expect(effectiveCounter(fsicForFilter(entries, filter), p, i)).toBe(effectiveCounter(raw, p, i));
        expect(effectiveCounter(restrictFsic(raw, filter), p, i)).toBe(effectiveCounter(raw, p, i));
      }),
    );
  });

  it('queues exactly the saves the receiver lacks and the sender promises, each in one range (property)', () => {
    fc.assert(
      fc.property(
        fc.array(partition, { minLength: 1, maxLength: 3 }),
        fc.array(entry, { maxLength: 8 }),
        fc.array(entry, { maxLength: 8 }),
        fc.array(save, { maxLength: 20 }),
        (rawFilter, senderEntries, receiverEntries, saves) => {
          const filter = normalizeFilter(rawFilter);
          const sender = fsicForFilter(senderEntries, ['']);
          const receiver = fsicForFilter(receiverEntries, ['']);
          const plan = planQueue(filter, sender, receiver);
          for (const s of saves) {
            const expected =
              filterContains(filter, s.partition) &&
              s.counter <= effectiveCounter(sender, s.partition, s.instance) &&
              s.counter > effectiveCounter(receiver, s.partition, s.instance);
            const region = plan.regionOf(s.partition);
            const matching = plan.ranges.filter((r) => r.region === region && r.instance === s.instance && s.counter > r.after && s.counter <= r.upTo);
            expect(matching.length).toBe(expected ? 1 : 0);
          }
        },
      ),
    );
  });

  it('queues nothing when the receiver knows everything the sender does', () => {
    const fsic = { ds: { a: 5 }, 'ds:user-ro:u1': { b: 3 } };
    expect(planQueue(['ds'], fsic, { '': { a: 5, b: 3 } }).ranges).toEqual([]);
  });
});
