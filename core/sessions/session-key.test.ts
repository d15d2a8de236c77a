import { describe, expect, it } from 'vitest';
import { hashSessionKey } from './session-key.js';

describe('hashSessionKey', () => {
  it('is the SHA-256 of the key in lowercase hex, as every release stored it (sessions survive an upgrade)', () => {
    // FIPS 180-2's test vector for "abc".
    expect(hashSessionKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
