import Database from 'better-sqlite3';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../create-core.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';

/**
 * Issue 17, item 8c: `sync_deletion.record_id` held a source id and is renamed `source_id` by
 * migration 0410. A deletion an old home recorded and had not yet serialized survives the rename,
 * and the serializer still turns it into a deletion in the store.
 */
describe('migration 0410-sync-deletion-source-id on an old home folder', () => {
  let home: TempHome;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    home?.remove();
  });

  it('renames the column, keeps a pending deletion, and the serializer consumes it', async () => {
    home = createTempHome('outpost-deletion-migration-');
    cpSync(fileURLToPath(new URL('../../fixtures/homes/0.1.0/a/', import.meta.url)), home.path, { recursive: true });
    const old = new Database(join(home.path, 'default.sqlite3'));
    const room = old.prepare('select id, dataset_id as datasetId from classroom limit 1').get() as { id: string; datasetId: string } | undefined;
    expect(room).toBeDefined();
    // What 0.1.0's class deletion wrote, before any sync serialized it.
    old.prepare('delete from membership where classroom_id = ?').run(room!.id);
    old.prepare('delete from role where classroom_id = ?').run(room!.id);
    old.prepare('delete from learner_group where classroom_id = ?').run(room!.id);
    old.prepare('delete from classroom where id = ?').run(room!.id);
    old.prepare("insert into sync_deletion (model_name, record_id, dataset_id, kind, deleted_at) values ('classroom', ?, ?, 'deleted', '2026-01-02T00:00:00.000Z')").run(room!.id, room!.datasetId);
    old.close();

    core = await createCore({ home: home.path, passwordHashCost: 4, discovery: { enabled: false } });
    const { handle } = core.databases.get('default');
    const columns = (handle.prepare("select name from pragma_table_info('sync_deletion')").all() as { name: string }[]).map((column) => column.name);
    expect(columns).toContain('source_id');
    expect(columns).not.toContain('record_id');
    expect(handle.prepare('select model_name, source_id, kind from sync_deletion').all()).toEqual([{ model_name: 'classroom', source_id: room!.id, kind: 'deleted' }]);

    core.sync.serialize();
    expect(handle.prepare('select * from sync_deletion').all()).toEqual([]);
    const stored = handle.prepare("select deleted from sync_store where model_name = 'classroom' and source_id = ?").all(room!.id) as { deleted: number }[];
    expect(stored).toEqual([{ deleted: 1 }]);
  }, 60_000);
});
