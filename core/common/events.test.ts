import { describe, expect, it } from 'vitest';
import { createEmitter } from './events.js';

describe('createEmitter', () => {
  it('delivers to every listener and stops after the disposer runs', () => {
    const emitter = createEmitter<number>();
    const seen: number[] = [];
    const dispose = emitter.on((n) => seen.push(n));
    emitter.on((n) => seen.push(n * 10));
    emitter.fire(1);
    dispose();
    emitter.fire(2);
    expect(seen).toEqual([1, 10, 20]);
    expect(emitter.size).toBe(1);
  });

  it('keeps delivering when one listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = createEmitter<string>((error) => errors.push(error));
    const seen: string[] = [];
    emitter.on(() => {
      throw new Error('boom');
    });
    emitter.on((s) => seen.push(s));
    emitter.fire('x');
    expect(seen).toEqual(['x']);
    expect(errors).toHaveLength(1);
  });
});
