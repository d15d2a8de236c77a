import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from './create-core.js';
import { createTempHome, type TempHome } from './test-support/temp-home.js';

/**
 * Issue 14, item 2: a local facility write keeps the sync store current in its own transaction,
 * so a sync has nothing left to serialize for it; a write that fails leaves neither the row nor
 * its store record behind.
 */
describe('a local facility write and the sync store', () => {
  let home: TempHome;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    home?.remove();
  });

  async function start() {
    home = createTempHome('outpost-store-current-');
    core = await createCore({ home: home.path, passwordHashCost: 4, discovery: { enabled: false } });
    const { facility } = await core.facility.setup.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
    const { handle } = core.databases.get('default');
    const stored = (sourceId: string) =>
      handle.prepare("select serialized, last_saved_counter as counter from sync_store where model_name = 'facilityuser' and source_id = ?").get(sourceId) as { serialized: string; counter: number } | undefined;
    const dirty = (userId: string) => (handle.prepare('select sync_dirty as dirty from facility_user where id = ?').get(userId) as { dirty: number }).dirty;
    return { core, facilityId: facility.id, stored, dirty, handle };
  }

  it('puts a created and then renamed user into the store as it commits, leaving nothing to serialize', async () => {
    const { core, facilityId, stored, dirty } = await start();
    const lina = await core.facility.users.createUser(facilityId, { username: 'lina', password: 'pw', fullName: 'Lina Learner', role: 'learner' });
    const created = stored(lina.id);
    expect(JSON.parse(created!.serialized)).toMatchObject({ id: lina.id, username: 'lina', full_name: 'Lina Learner' });
    expect(dirty(lina.id)).toBe(0);

    core.facility.users.updateUser(lina.id, { fullName: 'Lina Okafor' });
    const renamed = stored(lina.id);
    expect(JSON.parse(renamed!.serialized)).toMatchObject({ full_name: 'Lina Okafor' });
    expect(renamed!.counter).toBeGreaterThan(created!.counter);
    expect(dirty(lina.id)).toBe(0);
    expect(core.sync.serialize()).toBe(0);
  });

  it('rolls the store back with a write that fails after serializing', async () => {
    const { core, facilityId, handle } = await start();
    const storeRows = () => (handle.prepare('select count(*) as n from sync_store').get() as { n: number }).n;
    const before = storeRows();
    // The serialization step writes the store, then the commit fails (a full disk, say).
    let serialized = 0;
    core.facility.syncWrites.serializeEveryLocalWrite(() => {
      serialized += core.sync.serialize();
      throw new Error('the disk is full');
    });
    await expect(core.facility.users.createUser(facilityId, { username: 'sam', password: 'pw', fullName: 'Sam', role: 'learner' })).rejects.toThrow('the disk is full');
    expect(serialized).toBeGreaterThan(0);
    expect(storeRows()).toBe(before);
    expect(core.facility.users.allActiveUsers(facilityId).map((user) => user.username)).toEqual(['root']);
  });
});
