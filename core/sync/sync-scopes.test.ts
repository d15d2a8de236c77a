import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { isCertificateError } from './certificates/certificate-error.js';
import { recordId } from './model/record-id.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';

describe('scopes, filters and revocation between engines', () => {
  let harness: SyncHarness;
  afterEach(async () => harness?.dispose());

  /** A (root), B (full facility) and C (learn-only, single-user for learner L). */
  async function facility() {
    harness = createSyncHarness();
    const a = await harness.device('a');
    const b = await harness.device('b');
    const c = await harness.device('c');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    harness.issue(a, c, 'single-user', 'L');
    const parts = {
      lessons: ds,
      shared: `${ds}:allusers-ro`,
      learner: `${ds}:user-ro:L`,
      other: `${ds}:user-ro:M`,
      learnerLogs: `${ds}:user-rw:L`,
      otherLogs: `${ds}:user-rw:M`,
      anonymous: `${ds}:anonymous`,
    };
    for (const [name, part] of Object.entries(parts)) a.notes.put({ id: name, part, body: `${name} from A` });
    return { a, b, c, ds, parts };
  }

  const rows = (device: TestDevice, sql: string, ...params: unknown[]) => device.databases.get<any>('default').handle.prepare(sql).all(...params);

  async function failure(work: () => Promise<unknown>) {
    try {
      await work();
      return undefined;
    } catch (error) {
      return error;
    }
  }

  it("gives a learn-only device the facility's shared data and its learner's, nothing of other learners", async () => {
    const { a, c } = await facility();
    expect(await harness.syncPair(c, a)).toEqual({ pushed: 0, pulled: 3 });
    expect(c.notes.all().map((n) => n.id)).toEqual(['learner', 'learnerLogs', 'shared']);
    expect(rows(c, 'select partition from sync_store order by partition').map((r: any) => r.partition)).toEqual(
      [a.notes.get('learner')!.part, a.notes.get('learnerLogs')!.part, a.notes.get('shared')!.part].sort(),
    );
  });

  it("pushes the learner's own records, keeps the rest local, and a second sync moves nothing", async () => {
    const { a, c, parts } = await facility();
    await harness.syncPair(c, a);
    c.notes.put({ id: 'log1', part: parts.learnerLogs, body: 'L did a quiz' });
    c.notes.put({ id: 'anon', part: parts.anonymous, body: 'anonymous answer' });
    c.notes.put({ id: 'learner', part: parts.learner, body: 'L renamed on the tablet' });
    expect(await harness.syncPair(c, a)).toEqual({ pushed: 2, pulled: 0 });
    expect(a.notes.get('log1')?.body).toBe('L did a quiz');
    expect(a.notes.get('anon')?.body).toBe('anonymous answer');
    expect(a.notes.get('learner')?.body).toBe('learner from A');
    expect(await harness.syncPair(c, a)).toEqual({ pushed: 0, pulled: 0 });
  });

  it('refuses a transfer whose filter goes beyond the scopes with SYNC_SCOPE_VIOLATION, storing nothing', async () => {
    const { a, c, ds, parts } = await facility();
    await harness.syncPair(c, a);
    c.notes.put({ id: 'learner', part: parts.learner, body: 'forged by the tablet' });
    const transfersBefore = rows(a, 'select count(*) as n from sync_transfer_session');
    const connection = await c.sync.connect(harness.transport(a), { certificateId: c.certificateId });
    const push = await failure(() => connection.push({ filter: [ds] }));
    expect(isCoreError(push, 'SYNC_SCOPE_VIOLATION')).toBe(true);
    const pull = await failure(() => connection.pull({ filter: [parts.other] }));
    expect(isCoreError(pull, 'SYNC_SCOPE_VIOLATION')).toBe(true);
    await connection.close();
    expect(a.notes.get('learner')?.body).toBe('learner from A');
    expect(rows(a, 'select count(*) as n from sync_transfer_session')).toEqual(transfersBefore);
  });

  it('refuses a chunk carrying a record outside the transfer filter, and stores none of the chunk', async () => {
    const { a, c, parts } = await facility();
    await harness.syncPair(c, a);
    c.notes.put({ id: 'log2', part: parts.learnerLogs, body: 'honest' });
    c.sync.serialize();
    // A tampering client slips a record of another learner into its push, with a well-formed id.
    const honest = rows(c, 'select * from sync_store where source_id = ?', 'log2')[0] as any;
    const forged = {
      id: recordId(parts.other, 'other', 'testnote'),
      profile: honest.profile,
      modelName: 'testnote',
      sourceId: 'other',
      partition: parts.other,
      serialized: JSON.stringify({ id: 'other', part: parts.other, body: 'overwritten by a tablet' }),
      deleted: false,
      hardDeleted: false,
      lastSavedInstance: c.sync.instanceId,
      lastSavedCounter: 99,
      valueStamp: { at: 1, instance: c.sync.instanceId, counter: 99 },
      versions: { [c.sync.instanceId]: 99 },
      conflicting: [],
    };
    const transport = harness.transport(a, {
      beforeCall(call, body) {
        if (call === 'pushChunk') (body as { records: unknown[] }).records.push(forged);
      },
    });
    const connection = await c.sync.connect(transport, { certificateId: c.certificateId });
    const error = await failure(() => connection.push());
    expect(isCoreError(error, 'SYNC_SCOPE_VIOLATION')).toBe(true);
    expect(rows(a, 'select count(*) as n from sync_buffer')).toEqual([{ n: 0 }]);
    // The chunk is refused whole: none of its records was merged into the store or noted as received.
    expect(rows(a, 'select count(*) as n from sync_received_range')).toEqual([{ n: 0 }]);
    expect(rows(a, "select count(*) as n from sync_store where source_id = 'log2'")).toEqual([{ n: 0 }]);
    expect(a.notes.get('other')?.body).toBe('other from A');
    expect(a.notes.get('log2')).toBeUndefined();
    expect((rows(a, 'select serialized from sync_store where id = ?', forged.id)[0] as any).serialized).toContain('other from A');
  });

  it('stops a revoked certificate, and its descendants, from opening a sync, on every device the revocation reaches', async () => {
    const { a, b, c } = await facility();
    await harness.syncPair(c, a);
    await harness.syncPair(b, a);
    const open = await c.sync.connect(harness.transport(a), { certificateId: c.certificateId });
    a.sync.certificates.revoke(c.certificateId, a.certificateId);
    // A session opened before the revocation is refused from the next request on.
    const midSession = await failure(() => open.push());
    expect(isCertificateError(midSession, 'REVOKED')).toBe(true);
    const atA = await failure(() => harness.syncPair(c, a));
    expect(isCertificateError(atA, 'REVOKED')).toBe(true);
    // B has not heard yet; the revocation travels to it like data.
    await harness.syncPair(c, b);
    await harness.syncPair(b, a);
    expect(rows(b, 'select certificate_id from sync_revocation')).toEqual([{ certificate_id: c.certificateId }]);
    const atB = await failure(() => harness.syncPair(c, b));
    expect(isCertificateError(atB, 'REVOKED')).toBe(true);

    // A descendant: B signs a learner certificate for D, then B's own certificate is revoked.
    const d = await harness.device('d');
    harness.issue(b, d, 'single-user', 'M');
    await harness.syncPair(d, a);
    a.sync.certificates.revoke(b.certificateId, a.certificateId);
    expect(isCertificateError(await failure(() => harness.syncPair(d, a)), 'REVOKED')).toBe(true);
    expect(isCertificateError(await failure(() => harness.syncPair(b, a)), 'REVOKED')).toBe(true);
  });
});
