import { describe, expect, it } from 'vitest';
import { createModelRegistry } from './model-registry.js';
import type { SyncableModel } from './syncable-model.js';

function model(modelName: string, dependsOn: string[] = []): SyncableModel {
  return {
    profile: 'p',
    modelName,
    dirtyRowsQuery: () => {
      throw new Error('not read in these tests');
    },
    sourceIdOf: (row) => String(row['id']),
    markInStore: () => undefined,
    dependsOn,
    partition: () => 'ds',
    serialize: () => ({}),
    apply: (records) => records.map(() => ({ ok: true })),
  };
}

describe('ModelRegistry', () => {
  it('orders models after the models they depend on, whatever the registration order', () => {
    const registry = createModelRegistry();
    registry.register(model('membership', ['user', 'classroom']));
    registry.register(model('user', ['facility']));
    registry.register(model('classroom', ['facility']));
    registry.register(model('facility'));
    const order = registry.inDependencyOrder('p').map((m) => m.modelName);
    expect(order.indexOf('facility')).toBeLessThan(order.indexOf('user'));
    expect(order.indexOf('user')).toBeLessThan(order.indexOf('membership'));
    expect(order.indexOf('classroom')).toBeLessThan(order.indexOf('membership'));
    expect(registry.get('p', 'user')?.modelName).toBe('user');
    expect(registry.get('other', 'user')).toBeUndefined();
  });

  it('refuses a duplicate, a missing dependency and a cycle', () => {
    const registry = createModelRegistry();
    registry.register(model('a'));
    expect(() => registry.register(model('a'))).toThrow(/registered twice/);
    const missing = createModelRegistry();
    missing.register(model('b', ['nope']));
    expect(() => missing.inDependencyOrder('p')).toThrow(/not registered/);
    const cycle = createModelRegistry();
    cycle.register(model('x', ['y']));
    cycle.register(model('y', ['x']));
    expect(() => cycle.inDependencyOrder('p')).toThrow(/cycle/);
  });
});
