import { describe, expect, it } from 'vitest';
import { facilityPartitions } from './facility-partitions.js';
import { RECORD_ID_PATTERN, recordId } from './record-id.js';

describe('recordId', () => {
  it('is the same for the same (partition, source id, model) and 32 hex characters', () => {
    const id = recordId('ds:user-ro:u1', 'u1', 'facilityuser');
    expect(id).toBe(recordId('ds:user-ro:u1', 'u1', 'facilityuser'));
    expect(id).toMatch(RECORD_ID_PATTERN);
  });

  it('is the first 32 hex digits of sha256(partition ␀ source id ␀ model), as every release stored it', () => {
    expect(recordId('ds:user-ro:u1', 'u1', 'facilityuser')).toBe('fc08919f536020269dc9de5d75af7eed');
  });

  it('differs when any part differs, even when the joined text would be equal', () => {
    const ids = new Set([
      recordId('a:b', 'c', 'm'),
      recordId('a', 'b:c', 'm'),
      recordId('a:b', 'c', 'n'),
      recordId('a:b', 'd', 'm'),
      recordId('a:c', 'c', 'm'),
    ]);
    expect(ids.size).toBe(5);
  });
});

describe('facilityPartitions', () => {
  it("builds Kolibri's partitions", () => {
    expect(facilityPartitions.dataset('d1')).toBe('d1');
    expect(facilityPartitions.anonymous('d1')).toBe('d1:anonymous');
    expect(facilityPartitions.allUsersReadOnly('d1')).toBe('d1:allusers-ro');
    expect(facilityPartitions.userReadOnly('d1', 'u1')).toBe('d1:user-ro:u1');
    expect(facilityPartitions.userReadWrite('d1', 'u1')).toBe('d1:user-rw:u1');
  });

  it('refuses ids that would break partition boundaries', () => {
    expect(() => facilityPartitions.userReadOnly('d1', 'u1:x')).toThrow(/may not be empty or contain/);
    expect(() => facilityPartitions.anonymous('d1\nd2')).toThrow(/may not be empty or contain/);
    expect(() => facilityPartitions.userReadWrite('d1', '')).toThrow(/may not be empty or contain/);
  });
});
