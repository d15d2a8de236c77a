import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeIncoming, type MergeOutcome, type MergeSave } from './merge-record.js';
import { MAX_CONFLICTING_VALUES, type RecordValue, type StoreRecord, type ValueStamp } from './store-record.js';
import type { VersionVector } from './version-vector.js';

function version(options: {
  saved: [string, number];
  versions: VersionVector;
  value?: string | null;
  at?: number;
  deleted?: boolean;
  hardDeleted?: boolean;
  conflicting?: RecordValue[];
}): StoreRecord {
  const [instance, counter] = options.saved;
  return {
    id: 'r1',
    profile: 'p',
    modelName: 'm',
    sourceId: 's',
    partition: 'ds',
    serialized: options.value === undefined ? JSON.stringify({ v: `${instance}${counter}` }) : options.value,
    deleted: options.deleted ?? false,
    hardDeleted: options.hardDeleted ?? false,
    lastSavedInstance: instance,
    lastSavedCounter: counter,
    valueStamp: { at: options.at ?? 1000, instance, counter },
    versions: options.versions,
    conflicting: options.conflicting ?? [],
  };
}

const noSave = (): MergeSave => {
  throw new Error('allocated a counter without a merge');
};

function merged(outcome: MergeOutcome): StoreRecord {
  if (outcome.kind !== 'merge') throw new Error(`expected a merge, got ${outcome.kind}`);
  return outcome.record;
}

/** The parts of a record every device must agree on; the save stamp names the merging device. */
function data(record: StoreRecord) {
  return { serialized: record.serialized, deleted: record.deleted, hardDeleted: record.hardDeleted, value: record.valueStamp, conflicting: record.conflicting };
}

describe('mergeIncoming', () => {
  it('inserts a record the store does not have', () => {
    const incoming = version({ saved: ['a', 1], versions: { a: 1 } });
    expect(mergeIncoming(undefined, incoming, noSave)).toEqual({ kind: 'insert', record: incoming });
  });

  it('skips a version the local history already includes', () => {
    const local = version({ saved: ['b', 2], versions: { a: 1, b: 2 } });
    expect(mergeIncoming(local, version({ saved: ['a', 1], versions: { a: 1 } }), noSave)).toEqual({ kind: 'skip' });
    expect(mergeIncoming(local, local, noSave)).toEqual({ kind: 'skip' });
  });

  it('fast-forwards when the incoming history includes the local version, even over a deletion', () => {
    const local = version({ saved: ['a', 1], versions: { a: 1 }, deleted: true });
    const incoming = version({ saved: ['b', 5], versions: { a: 1, b: 5 }, value: '{"v":"recreated"}' });
    const outcome = mergeIncoming(local, incoming, noSave);
    expect(outcome.kind).toBe('fast-forward');
    expect(outcome.kind === 'fast-forward' && outcome.record.deleted).toBe(false);
    expect(outcome.kind === 'fast-forward' && outcome.record.serialized).toBe('{"v":"recreated"}');
  });

  it('merges concurrent versions: the later value wins, the loser is kept, the merge is a new save', () => {
    const local = version({ saved: ['a', 2], versions: { a: 2 }, at: 2000 });
    const incoming = version({ saved: ['b', 3], versions: { a: 1, b: 3 }, at: 1000 });
    const record = merged(mergeIncoming(local, incoming, () => ({ instance: 'a', counter: 7 })));
    expect(record.serialized).toBe(local.serialized);
    expect(record.conflicting).toEqual([{ stamp: incoming.valueStamp, serialized: incoming.serialized }]);
    expect(record.lastSavedInstance).toBe('a');
    expect(record.lastSavedCounter).toBe(7);
    expect(record.versions).toEqual({ a: 7, b: 3 });
    expect(record.valueStamp).toEqual(local.valueStamp);
  });

  it('keeps a deletion and a hard deletion through a merge, and a hard deletion wipes the data', () => {
    const local = version({ saved: ['a', 2], versions: { a: 2 }, at: 2000 });
    const deleted = version({ saved: ['b', 3], versions: { b: 3 }, deleted: true });
    expect(merged(mergeIncoming(local, deleted, () => ({ instance: 'a', counter: 3 }))).deleted).toBe(true);
    const hard = version({ saved: ['b', 3], versions: { b: 3 }, deleted: true, hardDeleted: true, value: null });
    const wiped = merged(mergeIncoming(local, hard, () => ({ instance: 'a', counter: 3 })));
    expect(wiped).toMatchObject({ deleted: true, hardDeleted: true, serialized: null, conflicting: [] });
  });

  it('caps the conflicting values, keeping the newest', () => {
    const many: RecordValue[] = Array.from({ length: 15 }, (_, i) => ({ stamp: { at: i, instance: 'z', counter: i + 1 }, serialized: `${i}` }));
    const local = version({ saved: ['a', 2], versions: { a: 2 }, at: 5000, conflicting: many });
    const incoming = version({ saved: ['b', 3], versions: { b: 3 }, at: 100 });
    const record = merged(mergeIncoming(local, incoming, () => ({ instance: 'a', counter: 3 })));
    expect(record.conflicting).toHaveLength(MAX_CONFLICTING_VALUES);
    expect(record.conflicting[0]!.stamp.at).toBe(100);
    expect(record.conflicting.map((v) => v.serialized)).not.toContain('0');
  });

  // Concurrent versions of one record: each is some shared history plus saves of its own device.
  const instances = ['a', 'b', 'c', 'd'];
  const concurrentVersions = fc
    .tuple(
      fc.dictionary(fc.constantFrom(...instances), fc.integer({ min: 1, max: 5 })),
      fc.uniqueArray(fc.constantFrom(...instances), { minLength: 3, maxLength: 3 }),
      fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 3 }),
          deleted: fc.boolean(),
          hardDeleted: fc.boolean(),
          value: fc.constantFrom('x', 'y', 'z'),
        }),
        { minLength: 3, maxLength: 3 },
      ),
    )
    .map(([base, owners, values]) =>
      owners.map((owner, i) => {
        const counter = (base[owner] ?? 0) + 1 + i;
        const v = values[i]!;
        const stamp: ValueStamp = { at: v.at, instance: owner, counter };
        return {
          ...version({ saved: [owner, counter], versions: { ...base, [owner]: counter }, value: v.hardDeleted ? null : JSON.stringify(v.value), deleted: v.deleted || v.hardDeleted, hardDeleted: v.hardDeleted }),
          valueStamp: stamp,
        };
      }),
    );

  it('is commutative on the data every device keeps (property)', () => {
    fc.assert(
      fc.property(concurrentVersions, ([x, y]) => {
        const xy = merged(mergeIncoming(x!, y!, () => ({ instance: 'm1', counter: 100 })));
        const yx = merged(mergeIncoming(y!, x!, () => ({ instance: 'm2', counter: 100 })));
        expect(data(xy)).toEqual(data(yx));
      }),
    );
  });

  it('is associative on the data every device keeps (property)', () => {
    fc.assert(
      fc.property(concurrentVersions, ([x, y, z]) => {
        let counter = 100;
        const save = (instance: string) => () => ({ instance, counter: ++counter });
        const left = merged(mergeIncoming(merged(mergeIncoming(x!, y!, save('m1'))), z!, save('m1')));
        const right = merged(mergeIncoming(x!, merged(mergeIncoming(y!, z!, save('m2'))), save('m3')));
        expect(data(left)).toEqual(data(right));
      }),
    );
  });

  it('ends with a version both sides include, so syncing it back is a fast-forward then a skip (property)', () => {
    fc.assert(
      fc.property(concurrentVersions, ([x, y]) => {
        const m = merged(mergeIncoming(x!, y!, () => ({ instance: 'm1', counter: 100 })));
        const back = mergeIncoming(y!, m, noSave);
        expect(back.kind).toBe('fast-forward');
        expect(mergeIncoming(m, x!, noSave)).toEqual({ kind: 'skip' });
        expect(mergeIncoming(m, y!, noSave)).toEqual({ kind: 'skip' });
      }),
    );
  });
});

describe('mergeIncoming with a removal field (issue 13)', () => {
  const policy = { removalFields: ['gone'] };
  const instances = ['a', 'b', 'c', 'd'];
  // Concurrent versions over a shared history; each either set the removal field itself (its own
  // save is behind it) or left the shared value (the base save is behind it).
  const concurrentVersions = fc
    .tuple(
      fc.integer({ min: 1, max: 5 }),
      fc.uniqueArray(fc.constantFrom(...instances), { minLength: 3, maxLength: 3 }),
      fc.array(fc.record({ at: fc.integer({ min: 0, max: 3 }), name: fc.constantFrom('x', 'y'), gone: fc.constantFrom(null, 't1', 't2'), wroteGone: fc.boolean() }), { minLength: 3, maxLength: 3 }),
    )
    .map(([baseCounter, owners, values]) => {
      const base: ValueStamp = { at: 0, instance: 'base', counter: baseCounter };
      return owners.map((owner, i) => {
        const counter = 10 + i;
        const v = values[i]!;
        const stamp: ValueStamp = { at: v.at, instance: owner, counter };
        const gone = v.wroteGone ? v.gone : null;
        return {
          ...version({ saved: [owner, counter], versions: { base: baseCounter, [owner]: counter }, value: JSON.stringify({ gone, name: v.name }) }),
          valueStamp: stamp,
          fieldStamps: { gone: [v.wroteGone ? stamp : base] },
        };
      });
    });
  const keep = (record: StoreRecord) => ({ ...data(record), fieldStamps: record.fieldStamps });

  it('keeps a removal that a concurrent edit had not seen, with the edit’s other fields', () => {
    const base: ValueStamp = { at: 0, instance: 'base', counter: 1 };
    const removal = { ...version({ saved: ['b', 2], versions: { base: 1, b: 2 }, value: JSON.stringify({ gone: 't1', name: 'Lena Kamau' }), at: 100 }), fieldStamps: { gone: [{ at: 100, instance: 'b', counter: 2 }] } };
    const rename = { ...version({ saved: ['a', 2], versions: { base: 1, a: 2 }, value: JSON.stringify({ gone: null, name: 'Lena K.' }), at: 200 }), fieldStamps: { gone: [base] } };
    for (const [local, incoming] of [[removal, rename], [rename, removal]] as const) {
      const record = merged(mergeIncoming(local, incoming, () => ({ instance: 'm', counter: 9 }), policy));
      expect(JSON.parse(record.serialized!)).toEqual({ gone: 't1', name: 'Lena K.' });
      expect(record.conflicting.map((value) => JSON.parse(value.serialized!).name)).toEqual(['Lena Kamau']);
    }
  });

  it('lets a restore that saw the removal win over a concurrent edit that did not', () => {
    const removal: ValueStamp = { at: 100, instance: 'b', counter: 2 };
    const restore = { ...version({ saved: ['b', 3], versions: { base: 1, b: 3 }, value: JSON.stringify({ gone: null, name: 'Lena' }), at: 300 }), fieldStamps: { gone: [{ at: 300, instance: 'b', counter: 3 }] } };
    // An edit on c that merged the removal in, and so carries it.
    const edit = { ...version({ saved: ['c', 5], versions: { base: 1, b: 2, c: 5 }, value: JSON.stringify({ gone: 't1', name: 'Lena C.' }), at: 400 }), fieldStamps: { gone: [removal] } };
    const record = merged(mergeIncoming(edit, restore, () => ({ instance: 'm', counter: 9 }), policy));
    expect(JSON.parse(record.serialized!)).toEqual({ gone: null, name: 'Lena C.' });
  });

  it('is commutative on the data every device keeps (property)', () => {
    fc.assert(
      fc.property(concurrentVersions, ([x, y]) => {
        const xy = merged(mergeIncoming(x!, y!, () => ({ instance: 'm1', counter: 100 }), policy));
        const yx = merged(mergeIncoming(y!, x!, () => ({ instance: 'm2', counter: 100 }), policy));
        expect(keep(xy)).toEqual(keep(yx));
      }),
    );
  });

  it('is associative on the data every device keeps (property)', () => {
    fc.assert(
      fc.property(concurrentVersions, ([x, y, z]) => {
        let counter = 100;
        const save = (instance: string) => () => ({ instance, counter: ++counter });
        const left = merged(mergeIncoming(merged(mergeIncoming(x!, y!, save('m1'), policy)), z!, save('m1'), policy));
        const right = merged(mergeIncoming(x!, merged(mergeIncoming(y!, z!, save('m2'), policy)), save('m3'), policy));
        expect(keep(left)).toEqual(keep(right));
      }),
    );
  });
});
