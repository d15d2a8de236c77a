import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import type { SyncProgress } from './controller/sync-progress.js';
import { TRANSFER_STAGES } from './protocol/transfer-stage.js';
import { recordId } from './model/record-id.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

describe('sync between engines in one process', () => {
  let harness: SyncHarness;
  afterEach(async () => harness?.dispose());

  async function twoDevices() {
    harness = createSyncHarness();
    const a = await harness.device('a');
    const b = await harness.device('b');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    return { a, b, ds };
  }

  const storeData = (device: TestDevice, part: string, id: string) => {
    const stored = device.databases.get<any>('default').handle.prepare('select serialized, deleted, hard_deleted, conflicting from sync_store where id = ?').get(recordId(part, id, 'testnote'));
    return stored as { serialized: string | null; deleted: number; hard_deleted: number; conflicting: string } | undefined;
  };

  it('carries notes both ways, and a second sync transfers nothing', async () => {
    const { a, b, ds } = await twoDevices();
    for (let i = 0; i < 20; i++) a.notes.put({ id: `a${i}`, part: ds, body: `from A ${i}` });
    b.notes.put({ id: 'b0', part: `${ds}:allusers-ro`, body: 'from B' });
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 1, pulled: 20 });
    expect(b.notes.all()).toEqual(a.notes.all());
    expect(a.notes.all()).toHaveLength(21);
    b.notes.put({ id: 'a3', part: ds, body: 'edited on B' });
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 1, pulled: 0 });
    expect(a.notes.get('a3')?.body).toBe('edited on B');
    expect(await harness.syncPair(b, a)).toEqual({ pushed: 0, pulled: 0 });
    expect(await harness.syncPair(a, b)).toEqual({ pushed: 0, pulled: 0 });
  });

  it('reports progress through every stage in order, with records done and total', async () => {
    const { a, b, ds } = await twoDevices();
    for (let i = 0; i < 10; i++) a.notes.put({ id: `n${i}`, part: ds, body: 'x' });
    const client: SyncProgress[] = [];
    const server: SyncProgress[] = [];
    const disposeClient = b.sync.onDidProgress((p) => client.push(p));
    const disposeServer = a.sync.onDidProgress((p) => server.push(p));
    const connection = await b.sync.connect(harness.transport(a), { certificateId: b.certificateId });
    await connection.pull();
    await connection.close();
    disposeClient();
    disposeServer();
    const stages = [...new Set(client.map((p) => p.stage))];
    expect(stages).toEqual([...TRANSFER_STAGES]);
    const chunks = client.filter((p) => p.stage === 'TRANSFERRING' && p.status === 'PENDING' && p.recordsDone > 0);
    expect(chunks.map((p) => p.recordsDone)).toEqual([7, 10]);
    expect(chunks.every((p) => p.recordsTotal === 10 && p.direction === 'pull' && p.role === 'client')).toBe(true);
    expect(client[client.length - 1]).toMatchObject({ stage: 'CLEANUP', status: 'COMPLETED' });
    expect(server.some((p) => p.role === 'server' && p.stage === 'QUEUING' && p.recordsTotal === 10)).toBe(true);
  });

  it('leaves a transfer pending while the peer runs a stage in the background, and resumes it after the peer restarts', async () => {
    harness = createSyncHarness();
    const a = await harness.device('a', {
      // A server's DEQUEUING step handed to a background job (as a plug-in would) that never finishes.
      plan: (defaults) => ({
        ...defaults,
        DEQUEUING: { ...defaults.DEQUEUING, receiver: (context) => (context.transfer().role === 'server' ? 'STARTED' : defaults.DEQUEUING.receiver!(context)) },
      }),
    });
    const b = await harness.device('b');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    b.notes.put({ id: 'n', part: ds, body: 'from B' });
    const connection = await b.sync.connect(harness.transport(a), { certificateId: b.certificateId });
    const pending = await connection.push();
    expect(pending).toMatchObject({ status: 'PENDING', records: 1 });
    expect(a.notes.get('n')).toBeUndefined();
    // A restart ends whatever ran in the background: the STARTED stage becomes PENDING and resumes.
    a.plan = undefined;
    await a.restart();
    expect(await connection.push()).toMatchObject({ status: 'COMPLETED', transferId: pending.transferId });
    expect(a.notes.get('n')?.body).toBe('from B');
    await connection.close();
  });

  it('refuses to open a sync with a certificate of another dataset', async () => {
    const { a, b } = await twoDevices();
    const stranger = await harness.device('stranger');
    harness.createRoot(stranger);
    const error = await stranger.sync.connect(harness.transport(a), { certificateId: stranger.certificateId }).catch((e: unknown) => e);
    expect(isCoreError(error, 'CERTIFICATE_INVALID')).toBe(true);
    void b;
  });

  it('stores what a merge keeps: deleted notes stay deleted, data wiped by a hard delete', async () => {
    const { a, b, ds } = await twoDevices();
    a.notes.put({ id: 'soft', part: ds, body: 'to be removed' });
    a.notes.put({ id: 'hard', part: ds, body: 'secret' });
    await harness.syncPair(b, a);
    a.notes.remove('soft');
    a.notes.remove('hard', 'hard');
    await harness.syncPair(b, a);
    expect(b.notes.all()).toEqual([]);
    for (const device of [a, b]) {
      expect(storeData(device, ds, 'soft')).toMatchObject({ deleted: 1, hard_deleted: 0 });
      expect(storeData(device, ds, 'soft')?.serialized).toContain('to be removed');
      expect(storeData(device, ds, 'hard')).toMatchObject({ deleted: 1, hard_deleted: 1, serialized: null, conflicting: '[]' });
    }
  });
});
