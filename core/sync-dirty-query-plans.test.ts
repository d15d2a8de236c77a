import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from './create-core.js';
import { createCoreModelRegistry } from './sync-facility-models.js';
import { dirtyRowsQuery } from './sync/index.js';
import { createTempHome, type TempHome } from './test-support/temp-home.js';

// Issue 14: a sync with nothing new must not read every syncable row to find the dirty ones.
describe('the serializer reads dirty rows through an index of just those', () => {
  let home: TempHome;
  let core: Core;
  beforeAll(async () => {
    home = createTempHome();
    core = await createCore({ home: home.path, passwordHashCost: 4 });
  });
  afterAll(async () => {
    await core.close();
    home.remove();
  });

  it('for every model of the facility and learning domains, the first page and a later one', () => {
    const db = core.databases.get<any>('default');
    const models = createCoreModelRegistry({ facility: core.facility, learning: core.learning }).inDependencyOrder('facilitydata');
    expect(models.map((model) => model.table)).toEqual(expect.arrayContaining(['facility_user', 'membership', 'learner_state', 'learner_state_version', 'quiz']));
    for (const model of models) {
      for (const after of [undefined, 'x']) {
        const { sql, parameters } = dirtyRowsQuery(db.kysely as unknown as Kysely<any>, model, after, 500).compile();
        const plan = (db.handle.prepare(`explain query plan ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail).join(' | ');
        expect(plan, `${model.table}: ${plan}`).toContain(`USING INDEX ${model.table}_sync_dirty`);
        expect(plan, `${model.table}: ${plan}`).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});
