import { describe, expect, it } from 'vitest';
import type { ConflictValueDto, SyncConflictDto } from '../../../core/contract/sync-conflicts.js';
import { deviceWords, differingFields, fieldWords } from './conflict-fields.js';

const value = (fields: ConflictValueDto['fields']): ConflictValueDto => ({
  valueId: 'v',
  editedAt: '2026-01-01T10:00:00.000Z',
  device: { kind: 'this-device', name: null },
  fields,
});

describe('conflict fields', () => {
  it('lists only the fields some losing value differs in, in the form’s order', () => {
    const conflict: SyncConflictDto = {
      recordId: 'r',
      kind: 'user',
      label: 'lena',
      kept: value({ username: 'lena', fullName: 'Lena K.', gender: null, removed: true }),
      lost: [value({ username: 'lena', fullName: 'Lena Kamau', gender: null, removed: true }), value({ username: 'lena', fullName: 'Lena K.', removed: false })],
    };
    // `gender` null on one side and absent on the other is no difference.
    expect(differingFields(conflict)).toEqual(['fullName', 'removed']);
  });

  it('puts removal, genders and missing values into words, and other values as they are', () => {
    expect(fieldWords('removed', true)).toEqual({ key: 'conflicts.removed' });
    expect(fieldWords('removed', false)).toEqual({ key: 'conflicts.active' });
    expect(fieldWords('gender', 'not-specified')).toEqual({ key: 'conflicts.gender.not-specified' });
    expect(fieldWords('gender', 'other')).toEqual({ text: 'other' });
    expect(fieldWords('fullName', null)).toEqual({ key: 'conflicts.notSet' });
    expect(fieldWords('idNumber', '')).toEqual({ key: 'conflicts.notSet' });
    expect(fieldWords('birthYear', 2015)).toEqual({ text: '2015' });
  });

  it('names this device, a peer by its address and another device by its short id', () => {
    expect(deviceWords({ kind: 'this-device', name: null })).toEqual({ key: 'conflicts.device.thisDevice' });
    expect(deviceWords({ kind: 'peer', name: 'http://192.168.1.20:8080/' })).toEqual({ key: 'conflicts.device.peer', name: '192.168.1.20:8080' });
    expect(deviceWords({ kind: 'other', name: 'abc12345' })).toEqual({ key: 'conflicts.device.other', name: 'abc12345' });
  });
});
