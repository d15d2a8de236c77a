import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { cryptoRandomSource } from '../../common/random-source.js';
import type { DatabaseSet } from '../../db/database-set.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createModelRegistry, type ModelRegistry } from '../model/model-registry.js';
import { recordId } from '../model/record-id.js';
import type { ApplyOutcome, IncomingRecord, SyncableModel } from '../model/syncable-model.js';
import { openTestDatabases } from '../test-support/test-database.js';
import { createTestNotes, registerTestModels, TEST_PROFILE } from '../test-support/test-models.js';
import { deserializeFromStore } from './deserialize-from-store.js';
import { currentInstanceId } from './instance-identity.js';
import { mergeChunk } from './merge-chunk.js';
import { queueIntoBuffer } from './queue-into-buffer.js';
import { serializeIntoStore } from './serialize-into-store.js';
import { createSyncStore, type SyncStore } from './sync-store.js';

type Apply = (db: SqliteDatabase<any>, records: readonly IncomingRecord[], settle: (outcomes: readonly ApplyOutcome[]) => void) => readonly ApplyOutcome[];

const insertNotes = (db: SqliteDatabase<any>, records: readonly IncomingRecord[]): ApplyOutcome[] =>
  records.map((record) => {
    db.handle.prepare('insert or replace into test_note (id, part, body, sync_dirty) values (?, ?, ?, 0)').run(record.sourceId, String(record.data?.['part']), String(record.data?.['body']));
    return { ok: true };
  });

describe('applying records settles them in the store with the rows', () => {
  const homes: TempHome[] = [];
  const open: DatabaseSet[] = [];
  afterEach(async () => {
    for (const set of open.splice(0)) await set.close();
    for (const home of homes.splice(0)) home.remove();
  });

  async function device(name: string) {
    const home = createTempHome(`outpost-settle-${name}-`);
    homes.push(home);
    const databases = await openTestDatabases(home.path);
    open.push(databases);
    const db = databases.get<any>('default');
    const clock = createManualClock();
    const store = createSyncStore(db, currentInstanceId({ db, file: db.file, device: name, random: cryptoRandomSource, clock }));
    const registry = createModelRegistry();
    registerTestModels(registry, db);
    return { db, clock, store, registry, notes: createTestNotes(db) };
  }

  /** B's store holds A's three notes, waiting to be applied; B's registry applies notes with `apply`. */
  async function waitingOnB(apply: Apply): Promise<{ readonly store: SyncStore; readonly db: SqliteDatabase<any>; readonly registry: ModelRegistry }> {
    const a = await device('a');
    const b = await device('b');
    for (const id of ['n1', 'n2', 'n3']) a.notes.put({ id, part: 'ds', body: `note ${id}` });
    serializeIntoStore({ store: a.store, registry: a.registry, profile: TEST_PROFILE, clock: a.clock, pageSize: 10 });
    queueIntoBuffer({ store: a.store, transferId: 't', profile: TEST_PROFILE, filter: ['ds'], receiverFsic: b.store.fsic(['ds']), pageSize: 10 });
    const chunk = a.store.bufferPage('t', 0, 10);
    b.db.writeTransaction(() => mergeChunk({ store: b.store, records: chunk.records }));
    const note = b.registry.get(TEST_PROFILE, 'testnote')!;
    const registry = createModelRegistry();
    registry.register({ ...note, apply: (records, settle) => apply(b.db, records, settle) } satisfies SyncableModel);
    return { store: b.store, db: b.db, registry };
  }

  const stored = (store: SyncStore, id: string) => store.find({ modelName: 'testnote', sourceId: id, partition: 'ds' });
  const rows = (db: SqliteDatabase<any>) => (db.handle.prepare('select id from test_note order by id').all() as { id: string }[]).map((row) => row.id);

  it('commits the marks in the model\'s own transaction when the model settles inside it', async () => {
    let settledInside = 0;
    const b = await waitingOnB((db, records, settle) =>
      db.writeTransaction(() => {
        const outcomes = insertNotes(db, records);
        // Inside the model's transaction: the marks are a savepoint of it, not a commit of their own.
        if (db.handle.inTransaction) settledInside += 1;
        settle(outcomes);
        return outcomes;
      }),
    );
    expect(deserializeFromStore({ store: b.store, registry: b.registry, profile: TEST_PROFILE, pageSize: 10 })).toEqual({ applied: 3, failed: 0 });
    expect(settledInside).toBe(1);
    expect(rows(b.db)).toEqual(['n1', 'n2', 'n3']);
    for (const id of ['n1', 'n2', 'n3']) expect(stored(b.store, id)).toMatchObject({ dirty: false, deserializeError: null });
  });

  it('rolls the marks back with the rows when the model\'s transaction fails after settling', async () => {
    const b = await waitingOnB((db, records, settle) =>
      db.writeTransaction(() => {
        const outcomes = insertNotes(db, records);
        settle(outcomes);
        // The write fails after the marks were made (say, at COMMIT): neither may stay.
        throw new Error('the disk is full');
      }),
    );
    expect(deserializeFromStore({ store: b.store, registry: b.registry, profile: TEST_PROFILE, pageSize: 10 })).toEqual({ applied: 0, failed: 3 });
    expect(rows(b.db)).toEqual([]);
    // Still waiting, with the reason: the next sync applies them again.
    for (const id of ['n1', 'n2', 'n3']) expect(stored(b.store, id)).toMatchObject({ dirty: true, deserializeError: 'the disk is full' });
  });

  it('settles right after the apply for a model that does not settle itself (its table in another file)', async () => {
    const b = await waitingOnB((db, records) => db.writeTransaction(() => insertNotes(db, records)));
    expect(deserializeFromStore({ store: b.store, registry: b.registry, profile: TEST_PROFILE, pageSize: 10 })).toEqual({ applied: 3, failed: 0 });
    for (const id of ['n1', 'n2', 'n3']) expect(stored(b.store, id)).toMatchObject({ dirty: false, deserializeError: null });
  });

  it('retries record by record when a model answers the wrong number of outcomes, and keeps what it refuses', async () => {
    const b = await waitingOnB((db, records, settle) =>
      db.writeTransaction(() => {
        if (records.length > 1) return [{ ok: true }];
        const outcomes: ApplyOutcome[] = records[0]!.sourceId === 'n2' ? [{ ok: false, error: 'n2 is refused' }] : insertNotes(db, records);
        settle(outcomes);
        return outcomes;
      }),
    );
    expect(deserializeFromStore({ store: b.store, registry: b.registry, profile: TEST_PROFILE, pageSize: 10 })).toEqual({ applied: 2, failed: 1 });
    expect(rows(b.db)).toEqual(['n1', 'n3']);
    expect(stored(b.store, 'n1')).toMatchObject({ dirty: false });
    expect(stored(b.store, 'n2')).toMatchObject({ dirty: true, deserializeError: 'n2 is refused' });
  });
});
