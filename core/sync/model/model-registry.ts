import { CoreError } from '../../common/core-error.js';
import type { SyncableModel } from './syncable-model.js';

/** The syncable models of every profile. The composition root fills it; the engine only reads it. */
export interface ModelRegistry {
  /** Adds a model. Refuses a second model of the same profile and name. */
  register(model: SyncableModel<any>): void;
  /** The model of `profile` named `modelName`, if registered. */
  get(profile: string, modelName: string): SyncableModel | undefined;
  /** The models of `profile` with every model after the models it depends on. */
  inDependencyOrder(profile: string): readonly SyncableModel[];
}

/** Creates an empty `ModelRegistry`. */
export function createModelRegistry(): ModelRegistry {
  const byProfile = new Map<string, Map<string, SyncableModel>>();
  const orderCache = new Map<string, readonly SyncableModel[]>();

  return Object.freeze({
    register(model: SyncableModel<any>) {
      let models = byProfile.get(model.profile);
      if (!models) byProfile.set(model.profile, (models = new Map()));
      if (models.has(model.modelName)) throw CoreError.bug(`Syncable model "${model.profile}/${model.modelName}" is registered twice.`);
      models.set(model.modelName, Object.freeze({ ...model, dependsOn: Object.freeze([...model.dependsOn]) }) as SyncableModel);
      orderCache.delete(model.profile);
    },
    get(profile: string, modelName: string) {
      return byProfile.get(profile)?.get(modelName);
    },
    inDependencyOrder(profile: string) {
      const cached = orderCache.get(profile);
      if (cached) return cached;
      const models = byProfile.get(profile) ?? new Map<string, SyncableModel>();
      const ordered: SyncableModel[] = [];
      const state = new Map<string, 'visiting' | 'done'>();
      const visit = (name: string, from: string | undefined) => {
        const model = models.get(name);
        if (!model) throw CoreError.bug(`Syncable model "${from}" depends on "${name}", which is not registered in profile "${profile}".`);
        const seen = state.get(name);
        if (seen === 'done') return;
        if (seen === 'visiting') throw CoreError.bug(`Syncable models of profile "${profile}" depend on each other in a cycle through "${name}".`);
        state.set(name, 'visiting');
        for (const parent of model.dependsOn) visit(parent, name);
        state.set(name, 'done');
        ordered.push(model);
      };
      // Sorted so that the order is the same on every device whatever the registration order.
      for (const name of [...models.keys()].sort()) visit(name, undefined);
      const frozen = Object.freeze(ordered);
      orderCache.set(profile, frozen);
      return frozen;
    },
  });
}
