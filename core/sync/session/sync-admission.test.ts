import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { createSyncAdmission } from './sync-admission.js';

describe('createSyncAdmission', () => {
  it('admits up to the limit, keeps a line in order, and frees a silent session’s slot', () => {
    const clock = createManualClock(0);
    const admission = createSyncAdmission({ clock, limit: 2, idleMs: 1_000 });
    expect(admission.admit('c1', 's1')).toEqual({ admitted: true });
    expect(admission.admit('c2', 's2')).toEqual({ admitted: true });
    expect(admission.admit('c3', 's3')).toEqual({ admitted: false, position: 1 });
    expect(admission.admit('c4', 's4')).toEqual({ admitted: false, position: 2 });
    // Asking again keeps one's place; a newcomer cannot jump the line when a slot frees.
    expect(admission.admit('c3', 's3b')).toEqual({ admitted: false, position: 1 });
    admission.release('s1');
    expect(admission.admit('c5', 's5')).toEqual({ admitted: false, position: 3 });
    expect(admission.admit('c4', 's4b')).toEqual({ admitted: false, position: 2 });
    expect(admission.admit('c3', 's3c')).toEqual({ admitted: true });
    expect(admission.active()).toBe(2);
    // s2's client died: after the idle time its slot is free again.
    clock.advance(600);
    admission.touch('s3c');
    admission.admit('c4', 's4c');
    admission.admit('c5', 's5b');
    clock.advance(600);
    expect(admission.admit('c4', 's4d')).toEqual({ admitted: true });
  });
});
