import { createModelRegistry, type ModelRegistry } from './sync/model/model-registry.js';
import type { SyncableModel } from './sync/model/syncable-model.js';

/** A domain whose tables sync: it describes its models itself (issue 14: a model owns its table). */
export interface SyncedDomain {
  readonly syncModels: readonly SyncableModel[];
}

/**
 * The model registry of a core, built the same way on the main thread and in the sync worker (each
 * over its own connection): a model registered here is registered in both. The sync engine never
 * imports a domain, and a domain never imports the engine; a domain with syncable models adds one
 * entry.
 */
export function createCoreModelRegistry(domains: { readonly facility: SyncedDomain; readonly learning: SyncedDomain }): ModelRegistry {
  const registry = createModelRegistry();
  for (const model of [...domains.facility.syncModels, ...domains.learning.syncModels]) registry.register(model);
  return registry;
}
