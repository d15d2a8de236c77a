import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterContains, filterWithin, formatFilter, intersectFilters, normalizeFilter, parseFilter, partitionWithin } from './sync-filter.js';

describe('sync filters', () => {
  it('holds a partition equal to a prefix or continuing it after a colon, never across a segment', () => {
    expect(partitionWithin('ds', 'ds')).toBe(true);
    expect(partitionWithin('ds:user-ro:ab', 'ds')).toBe(true);
    expect(partitionWithin('ds:user-ro:ab', 'ds:user-ro:ab')).toBe(true);
    expect(partitionWithin('ds:user-ro:abc', 'ds:user-ro:ab')).toBe(false);
    expect(partitionWithin('ds2', 'ds')).toBe(false);
    expect(partitionWithin('ds', 'ds:user-ro')).toBe(false);
    expect(partitionWithin('anything', '')).toBe(true);
  });

  it('parses newline-separated prefixes, dropping blanks, duplicates and covered prefixes', () => {
    expect(parseFilter('ds:user-rw:u1\n\nds:anonymous\nds:user-rw:u1\n')).toEqual(['ds:anonymous', 'ds:user-rw:u1']);
    expect(parseFilter('ds:allusers-ro\nds')).toEqual(['ds']);
    expect(formatFilter(['b', 'a'])).toBe('a\nb');
  });

  it('decides containment of filters by prefix', () => {
    expect(filterWithin(['ds:user-ro:u1', 'ds:allusers-ro'], ['ds'])).toBe(true);
    expect(filterWithin(['ds'], ['ds:user-ro:u1', 'ds:allusers-ro'])).toBe(false);
    expect(filterWithin(['ds:user-ro:u12'], ['ds:user-ro:u1'])).toBe(false);
    expect(filterContains(['ds:anonymous'], 'ds:anonymous')).toBe(true);
  });

  it('intersects filters', () => {
    expect(intersectFilters(['ds'], ['ds:anonymous', 'ds:user-rw:u1', 'other'])).toEqual(['ds:anonymous', 'ds:user-rw:u1']);
    expect(intersectFilters(['ds:user-ro:u1'], ['ds:user-ro:u2'])).toEqual([]);
  });

  const segment = fc.constantFrom('ds', 'ds2', 'a', 'ab', 'user-ro', 'u1', 'u12');
  const partition = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(':'));
  const filter = fc.array(partition, { maxLength: 4 });

  it('intersection holds exactly the partitions both filters hold (property)', () => {
    fc.assert(
      fc.property(filter, filter, partition, (a, b, p) => {
        const both = intersectFilters(normalizeFilter(a), normalizeFilter(b));
        expect(filterContains(both, p)).toBe(filterContains(a, p) && filterContains(b, p));
      }),
    );
  });

  it('containment agrees with the partitions held (property)', () => {
    fc.assert(
      fc.property(filter, filter, fc.array(partition, { maxLength: 8 }), (a, b, ps) => {
        if (filterWithin(a, b)) for (const p of ps) if (filterContains(a, p)) expect(filterContains(b, p)).toBe(true);
        expect(filterWithin(normalizeFilter(a), normalizeFilter([...a, ...b]))).toBe(true);
      }),
    );
  });
});
