import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreModelRegistry } from './core-model-registry.js';
import { createCore, type Core } from './create-core.js';
import { createTempHome, type TempHome } from './test-support/temp-home.js';
import type { FacilitySchema } from './facility/facility-schema.js';
import { markInStoreQuery, syncModelNames, type SyncableTable } from './facility/sync-bookkeeping.js';

// Issue 14: a sync with nothing new must not read every syncable row to find the dirty ones. Each
// domain writes its own models' dirty query (a model owns its table); the engine only runs it.
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
    const db = core.databases.get('default');
    const models = createCoreModelRegistry({ facility: core.facility, learning: core.learning }).inDependencyOrder('facilitydata');
    expect(models.map((model) => model.modelName)).toEqual(expect.arrayContaining(['facilityuser', 'membership', 'learnerstate', 'learnerstateversion', 'quiz']));
    for (const model of models) {
      for (const after of [undefined, 'x']) {
        const { sql, parameters } = model.dirtyRowsQuery(after, 500);
        const table = /from "(\w+)"/.exec(sql)?.[1];
        const plan = (db.handle.prepare(`explain query plan ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail).join(' | ');
        expect(plan, `${model.modelName}: ${plan}`).toContain(`USING INDEX ${table}_sync_dirty`);
        expect(plan, `${model.modelName}: ${plan}`).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it("clears the facility rows' marks through the same index, not the primary key and every row", () => {
    const db = core.databases.get<FacilitySchema>('default');
    for (const table of Object.keys(syncModelNames) as SyncableTable[]) {
      const { sql, parameters } = markInStoreQuery(db, table, ['a', 'b']);
      const plan = (db.handle.prepare(`explain query plan ${sql}`).all(...parameters) as { detail: string }[]).map((row) => row.detail).join(' | ');
      expect(plan, `${table}: ${plan}`).toMatch(new RegExp(`SEARCH ${table} USING (COVERING )?INDEX ${table}_sync_dirty \\(id=\\?\\)`));
    }
  });
});
