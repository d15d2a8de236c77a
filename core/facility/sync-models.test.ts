import { afterEach, describe, expect, it } from 'vitest';
import { openFacilityFixture, provisionFixture, type FacilityFixture } from './test-support/facility-fixture.js';
import { facilityRecordSchemas, serializedFields } from './sync-record-schemas.js';

// Issue 14, item 4: the facility domain describes its syncable models; a row travels as exactly
// its schema's fields, and the model, not the engine, reads and clears its dirty mark.
describe('the facility sync models', () => {
  let fixture: FacilityFixture;
  afterEach(async () => fixture?.close());

  const userModel = () => fixture.service.syncModels.find((model) => model.modelName === 'facilityuser')!;
  const dirtyUsers = () => fixture.databases.get('default').all(userModel().dirtyRowsQuery(undefined, 100));

  it('describes every facility model once, each serialized by its schema alone', async () => {
    fixture = await openFacilityFixture();
    await provisionFixture(fixture.service);
    const names = fixture.service.syncModels.map((model) => model.modelName);
    expect([...names].sort()).toEqual(Object.keys(facilityRecordSchemas).sort());
    // A column the schema does not name (added by a later migration, say) does not travel.
    const db = fixture.databases.get('default');
    db.handle.exec("alter table facility_user add column nickname text default 'Rooty'");
    const [row] = dirtyUsers();
    expect(row).toMatchObject({ username: 'root', nickname: 'Rooty', sync_dirty: 1 });
    const data = userModel().serialize(row!);
    expect(Object.keys(data)).toEqual(serializedFields('facilityuser'));
    expect(data).toMatchObject({ username: 'root', full_name: 'Rooted Admin', date_deleted: null });
    expect(data).not.toHaveProperty('nickname');
    expect(data).not.toHaveProperty('sync_dirty');
    // What travels is what a peer's device accepts.
    expect(facilityRecordSchemas.facilityuser.safeParse(data).success).toBe(true);
  });

  it('reads dirty rows in source-id order after a cursor and clears only the rows named', async () => {
    fixture = await openFacilityFixture();
    const { facility } = await provisionFixture(fixture.service);
    for (const username of ['ana', 'ben', 'cai']) await fixture.service.users.createUser(facility.id, { username, fullName: username, password: 'pw-long-enough', role: 'learner' });
    const model = userModel();
    const ids = dirtyUsers().map((row) => model.sourceIdOf(row));
    expect(ids).toHaveLength(4);
    expect(ids).toEqual([...ids].sort());
    const db = fixture.databases.get('default');
    expect(db.all(model.dirtyRowsQuery(ids[1], 100)).map((row) => model.sourceIdOf(row))).toEqual(ids.slice(2));
    expect(db.all(model.dirtyRowsQuery(undefined, 2)).map((row) => model.sourceIdOf(row))).toEqual(ids.slice(0, 2));
    db.writeTransaction(() => model.markInStore([ids[0]!, ids[2]!]));
    expect(dirtyUsers().map((row) => model.sourceIdOf(row))).toEqual([ids[1], ids[3]]);
  });
});
