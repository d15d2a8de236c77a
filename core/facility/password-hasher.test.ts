import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createScryptPasswordHasher } from './password-hasher.js';

describe('createScryptPasswordHasher', () => {
  const hasher = createScryptPasswordHasher({ randomBytes: (size) => randomBytes(size), cost: 4 });

  it('stores its parameters with a per-user salt, and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hasher.hash('correct horse'), hasher.hash('correct horse')]);
    expect(a).toMatch(/^scrypt\$16\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await hasher.verify('correct horse', a)).toBe(true);
    expect(await hasher.verify('correct horsE', a)).toBe(false);
    expect(await hasher.verify('', a)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, and asks for a re-hash when they are weaker than today', async () => {
    const old = await createScryptPasswordHasher({ randomBytes: (size) => randomBytes(size), cost: 3 }).hash('pw');
    expect(await hasher.verify('pw', old)).toBe(true);
    expect(hasher.needsRehash(old)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash('pw'))).toBe(false);
  });

  it('answers false, not a throw, for a malformed or absurd stored hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$16$8$1$$', 'pbkdf2$1$2$3$c2FsdA==$aGFzaA==', 'scrypt$1073741824$8$1$c2FsdA==$aGFzaA==']) {
      expect(await hasher.verify('pw', stored)).toBe(false);
    }
  });

  it('uses the injected randomness for salts', async () => {
    const fixed = createScryptPasswordHasher({ randomBytes: (size) => new Uint8Array(size).fill(7), cost: 4 });
    expect(await fixed.hash('pw')).toBe(await fixed.hash('pw'));
  });
});
