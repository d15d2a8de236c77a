import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../common/clock.js';
import type { DatabaseSet } from '../../db/database-set.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createModelRegistry, type ModelRegistry } from '../model/model-registry.js';
import { recordId } from '../model/record-id.js';
import type { SyncFilter } from '../model/sync-filter.js';
import { cryptoRandomSource } from '../../common/random-source.js';
import { openTestDatabases } from '../test-support/test-database.js';
import { createTestNotes, registerTestModels, TEST_PROFILE, type TestModelOptions, type TestNotes } from '../test-support/test-models.js';
import { claimTransfer } from './claim-transfer.js';
import { deserializeFromStore } from './deserialize-from-store.js';
import { dropTransferBuffer } from './drop-transfer-buffer.js';
import { mergeChunk } from './merge-chunk.js';
import { currentInstanceId } from './instance-identity.js';
import { queueIntoBuffer } from './queue-into-buffer.js';
import { serializeIntoStore } from './serialize-into-store.js';
import { createSyncStore, type SyncStore } from './sync-store.js';

interface Device {
  readonly databases: DatabaseSet;
  readonly store: SyncStore;
  readonly registry: ModelRegistry;
  readonly notes: TestNotes;
  readonly clock: ManualClock;
}

const PAGE = 3;

describe('the store pipeline: serialize, queue, dequeue, deserialize', () => {
  const homes: TempHome[] = [];
  const open: DatabaseSet[] = [];
  afterEach(async () => {
    for (const set of open.splice(0)) await set.close();
    for (const home of homes.splice(0)) home.remove();
  });

  async function device(name: string, options: TestModelOptions = {}, home?: string): Promise<Device> {
    const path = home ?? (homes.push(createTempHome(`outpost-${name}-`)), homes[homes.length - 1]!.path);
    const databases = await openTestDatabases(path);
    open.push(databases);
    const db = databases.get<any>('default');
    const clock = createManualClock();
    const instanceId = currentInstanceId({ db, file: db.file, device: name, random: cryptoRandomSource, clock });
    const registry = createModelRegistry();
    registerTestModels(registry, db, options);
    return { databases, store: createSyncStore(db, instanceId), registry, notes: createTestNotes(db), clock };
  }

  let transfers = 0;
  /** One transfer from `from` to `to`, done by hand: what the transfer plan's steps will do. */
  function transfer(from: Device, to: Device, filter: SyncFilter = ['ds']): { queued: number } {
    const transferId = `t${++transfers}`;
    for (const d of [from, to]) serializeIntoStore({ store: d.store, registry: d.registry, profile: TEST_PROFILE, clock: d.clock, pageSize: PAGE });
    const receiverFsic = to.store.fsic(filter);
    const { senderFsic, total } = queueIntoBuffer({ store: from.store, transferId, profile: TEST_PROFILE, filter, receiverFsic, pageSize: PAGE });
    for (let after = 0; ; ) {
      const chunk = from.store.bufferPage(transferId, after, PAGE);
      if (chunk.records.length === 0) break;
      to.store.db.writeTransaction(() => mergeChunk({ store: to.store, records: chunk.records }));
      after = chunk.positions[chunk.positions.length - 1]!;
    }
    dropTransferBuffer(from.store, transferId);
    claimTransfer({ store: to.store, filter, senderFsic });
    deserializeFromStore({ store: to.store, registry: to.registry, profile: TEST_PROFILE, pageSize: PAGE });
    return { queued: total };
  }

  const storeRow = (d: Device, part: string, id: string, model = 'testnote') => d.store.find({ modelName: model, sourceId: id, partition: part });

  it('carries created notes across in pages, and a second transfer queues nothing', async () => {
    const a = await device('a');
    const b = await device('b');
    for (let i = 0; i < 10; i++) a.notes.put({ id: `n${i}`, part: i % 2 ? 'ds' : 'ds:user-rw:u1', body: `note ${i}` });
    a.notes.put({ id: 'elsewhere', part: 'other', body: 'outside the filter' });
    expect(transfer(a, b).queued).toBe(10);
    expect(b.notes.all()).toEqual(a.notes.all().filter((n) => n.id !== 'elsewhere'));
    expect(transfer(a, b).queued).toBe(0);
    expect(transfer(b, a).queued).toBe(0);
    // B's copies were applied, not edited: they are not dirty and do not come back as B's saves.
    expect(storeRow(b, 'ds', 'n1')?.record.lastSavedInstance).toBe(a.store.instanceId);
  });

  it('merges concurrent edits into the same winner on both sides, keeping the loser', async () => {
    const a = await device('a');
    const b = await device('b');
    a.notes.put({ id: 'n', part: 'ds', body: 'first' });
    transfer(a, b);
    a.clock.advance(1000);
    a.notes.put({ id: 'n', part: 'ds', body: 'edited on A' });
    b.clock.advance(2000);
    b.notes.put({ id: 'n', part: 'ds', body: 'edited on B (later)' });
    transfer(a, b);
    transfer(b, a);
    expect(a.notes.get('n')?.body).toBe('edited on B (later)');
    expect(b.notes.get('n')?.body).toBe('edited on B (later)');
    const [ra, rb] = [storeRow(a, 'ds', 'n')!.record, storeRow(b, 'ds', 'n')!.record];
    expect(ra.conflicting.map((v) => JSON.parse(v.serialized!).body)).toEqual(['edited on A']);
    expect(rb).toEqual(ra);
    expect(transfer(a, b).queued + transfer(b, a).queued).toBe(0);
  });

  it('wipes a hard-deleted note from both stores and its comments with it', async () => {
    const a = await device('a');
    const b = await device('b');
    a.notes.put({ id: 'n', part: 'ds', body: 'secret' });
    a.notes.putComment({ id: 'c', note_id: 'n', part: 'ds', body: 'a comment' });
    transfer(a, b);
    expect(b.notes.comments()).toHaveLength(1);
    a.notes.remove('n', 'hard');
    transfer(a, b);
    expect(b.notes.snapshot()).toEqual({ notes: [], comments: [] });
    for (const d of [a, b]) expect(storeRow(d, 'ds', 'n')?.record).toMatchObject({ deleted: true, hardDeleted: true, serialized: null, conflicting: [] });
  });

  it('applies a comment whose note was deleted as deleted', async () => {
    const a = await device('a');
    const b = await device('b');
    a.notes.put({ id: 'n', part: 'ds', body: 'note' });
    transfer(a, b);
    // B comments on the note while A deletes it; the comment reaches A after the deletion.
    b.notes.putComment({ id: 'c', note_id: 'n', part: 'ds', body: 'late comment' });
    a.notes.remove('n');
    transfer(a, b);
    transfer(b, a);
    expect(a.notes.snapshot()).toEqual({ notes: [], comments: [] });
    expect(b.notes.snapshot()).toEqual({ notes: [], comments: [] });
    // Applied as a deletion, not refused for its missing note (which would keep it dirty forever).
    expect(storeRow(a, 'ds', 'c', 'testcomment')).toMatchObject({ dirty: false, deserializeError: null });
  });

  it('keeps a refused record dirty with its error and applies it once it is acceptable', async () => {
    let refuse = true;
    const a = await device('a');
    const b = await device('b', { rejectNote: (record) => (refuse && record.sourceId === 'bad' ? 'body too long' : undefined) });
    a.notes.put({ id: 'bad', part: 'ds', body: 'x' });
    a.notes.put({ id: 'good', part: 'ds', body: 'y' });
    transfer(a, b);
    expect(b.notes.all().map((n) => n.id)).toEqual(['good']);
    expect(storeRow(b, 'ds', 'bad')).toMatchObject({ dirty: true, deserializeError: 'body too long' });
    refuse = false;
    deserializeFromStore({ store: b.store, registry: b.registry, profile: TEST_PROFILE, pageSize: PAGE });
    expect(b.notes.all().map((n) => n.id)).toEqual(['bad', 'good']);
    expect(storeRow(b, 'ds', 'bad')).toMatchObject({ dirty: false, deserializeError: null });
  });

  it('brings back a note deleted then created again with the same id', async () => {
    const a = await device('a');
    const b = await device('b');
    a.notes.put({ id: 'n', part: 'ds', body: 'v1' });
    transfer(a, b);
    a.notes.remove('n');
    transfer(a, b);
    expect(b.notes.get('n')).toBeUndefined();
    a.notes.put({ id: 'n', part: 'ds', body: 'v2' });
    transfer(a, b);
    expect(b.notes.get('n')?.body).toBe('v2');
    expect(storeRow(b, 'ds', 'n')?.record.deleted).toBe(false);
  });

  it('sends only what a narrow filter holds, and counts knowledge per partition', async () => {
    const a = await device('a');
    const c = await device('c');
    a.notes.put({ id: 'mine', part: 'ds:user-rw:u1', body: 'u1' });
    a.notes.put({ id: 'theirs', part: 'ds:user-rw:u12', body: 'u12' });
    a.notes.put({ id: 'shared', part: 'ds:allusers-ro', body: 'all' });
    expect(transfer(a, c, ['ds:allusers-ro', 'ds:user-rw:u1']).queued).toBe(2);
    expect(c.notes.all().map((n) => n.id)).toEqual(['mine', 'shared']);
    // C now knows those partitions, not the dataset: a full transfer sends only the rest.
    expect(transfer(a, c, ['ds']).queued).toBe(1);
  });

  it('mints a new instance id when the database file is copied elsewhere, and keeps it otherwise', async () => {
    const a = await device('a');
    const db = a.databases.get<any>('default');
    const again = currentInstanceId({ db, file: db.file, device: 'a', random: cryptoRandomSource, clock: a.clock });
    expect(again).toBe(a.store.instanceId);
    db.checkpoint();
    const copyHome = createTempHome('outpost-copy-');
    homes.push(copyHome);
    copyFileSync(db.file, join(copyHome.path, 'default.sqlite3'));
    const copy = await device('a', {}, copyHome.path);
    expect(copy.store.instanceId).not.toBe(a.store.instanceId);
    const onAnotherDevice = currentInstanceId({ db, file: db.file, device: 'another laptop', random: cryptoRandomSource, clock: a.clock });
    expect(onAnotherDevice).not.toBe(a.store.instanceId);
  });
});
