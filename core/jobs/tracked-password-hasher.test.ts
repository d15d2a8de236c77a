import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createScryptPasswordHasher, type PasswordHasher } from '../facility/index.js';
import { createTrackedPasswordHasher } from './tracked-password-hasher.js';

/** The real scrypt hasher (cheap cost), recording how many hashes run at once. */
function measured(): { hasher: PasswordHasher; peak: () => number; calls: () => number } {
  const real = createScryptPasswordHasher({ randomBytes, cost: 4 });
  let active = 0;
  let peak = 0;
  let calls = 0;
  return {
    hasher: {
      async hash(password) {
        calls += 1;
        active += 1;
        peak = Math.max(peak, active);
        try {
          return await real.hash(password);
        } finally {
          active -= 1;
        }
      },
      verify: real.verify,
      needsRehash: real.needsRehash,
    },
    peak: () => peak,
    calls: () => calls,
  };
}

describe('the tracked password hasher', () => {
  it('counts and limits the hashes of tracked work only, and its hashes still verify', async () => {
    const inner = measured();
    const hasher = createTrackedPasswordHasher(inner.hasher, { concurrency: 2 });
    let hashed = 0;
    const signal = new AbortController().signal;
    const hashes = await hasher.track({ onHashed: () => (hashed += 1), signal }, () => Promise.all(Array.from({ length: 10 }, (_, n) => hasher.hash(`pw-${n}`))));
    expect(hashed).toBe(10);
    expect(inner.peak()).toBe(2);
    expect(await hasher.verify('pw-3', hashes[3]!)).toBe(true);

    // Outside tracked work: not counted, not limited.
    await Promise.all(Array.from({ length: 6 }, (_, n) => hasher.hash(`other-${n}`)));
    expect(hashed).toBe(10);
    expect(inner.peak()).toBeGreaterThan(2);
  });

  it('stops tracked work once aborted: waiting hashes never start, and nothing more is reported', async () => {
    const inner = measured();
    const hasher = createTrackedPasswordHasher(inner.hasher, { concurrency: 1 });
    const controller = new AbortController();
    let hashed = 0;
    const queued: Promise<string>[] = [];
    const work = hasher.track(
      {
        onHashed: () => {
          hashed += 1;
          if (hashed === 2) controller.abort(new Error('cancelled'));
        },
        signal: controller.signal,
      },
      () => {
        queued.push(...Array.from({ length: 10 }, (_, n) => hasher.hash(`pw-${n}`)));
        return Promise.all(queued);
      },
    );
    await expect(work).rejects.toThrow('cancelled');
    // Wait for every queued hash to settle: each must refuse before calling the real hasher.
    await Promise.allSettled(queued);
    expect(hashed).toBe(2);
    expect(inner.calls()).toBe(2);
  });
});
