import { afterEach, describe, expect, it } from 'vitest';
import { TRANSFER_STAGES, type TransferStage } from './protocol/transfer-stage.js';
import { crashOnce } from './test-support/crash-once.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from './test-support/sync-harness.js';
import type { SyncCall } from './transport/in-process-transport.js';

type Side = 'client' | 'server';

/** Everything two runs must agree on: app rows, stored records, and no buffer left behind. */
function dataOf(device: TestDevice) {
  const handle = device.databases.get<any>('default').handle;
  return {
    notes: device.notes.snapshot(),
    store: handle.prepare('select s.id, s.partition, s.serialized, s.deleted, s.hard_deleted, s.conflicting, q.position is not null as waiting from sync_store s left join sync_apply_queue q on q.position = s.position order by s.id').all(),
    buffered: handle.prepare('select count(*) as n from sync_buffer').get(),
    received: handle.prepare('select count(*) as n from sync_received_range').get(),
    active: handle.prepare("select count(*) as n from sync_transfer_session where active = 1 and id in (select t.id from sync_transfer_session t join sync_session s on s.id = t.sync_session_id where s.role = 'server')").get(),
  };
}

describe('resuming an interrupted sync', () => {
  const harnesses: SyncHarness[] = [];
  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.dispose();
  });

  /** B (client) and A (server) with records both ways, some edited on both sides. */
  async function setup() {
    const harness = createSyncHarness();
    harnesses.push(harness);
    const a = await harness.device('a');
    const b = await harness.device('b');
    const ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    for (let i = 0; i < 24; i++) a.notes.put({ id: `a${String(i).padStart(2, '0')}`, part: i % 3 ? ds : `${ds}:allusers-ro`, body: `A's ${i}` });
    await harness.syncPair(b, a);
    a.clock.advance(1000);
    b.clock.advance(2000);
    for (let i = 0; i < 24; i += 4) a.notes.put({ id: `a${String(i).padStart(2, '0')}`, part: i % 3 ? ds : `${ds}:allusers-ro`, body: `A edited ${i}` });
    for (let i = 0; i < 24; i += 3) b.notes.put({ id: `a${String(i).padStart(2, '0')}`, part: i % 3 ? ds : `${ds}:allusers-ro`, body: `B edited ${i}` });
    for (let i = 0; i < 17; i++) b.notes.put({ id: `b${String(i).padStart(2, '0')}`, part: ds, body: `B's ${i}` });
    for (let i = 0; i < 20; i++) a.notes.put({ id: `c${String(i).padStart(2, '0')}`, part: `${ds}:user-ro:u${i}`, body: `A's new ${i}` });
    a.notes.remove('a05');
    return { harness, a, b };
  }

  /** Kills a device the way a crash would leave it: the stage it was in stays PENDING; then starts it again. */
  async function kill(device: TestDevice) {
    device.plan = undefined;
    device.databases.get<any>('default').handle.prepare("update sync_transfer_session set status = 'PENDING', error = null where status = 'ERRORED'").run();
    await device.restart();
  }

  async function reference() {
    const { harness, a, b } = await setup();
    await harness.syncPair(b, a);
    return { a: dataOf(a), b: dataOf(b) };
  }

  let expected: Awaited<ReturnType<typeof reference>> | undefined;
  const cases: [TransferStage, 'push' | 'pull', Side][] = [];
  for (const stage of TRANSFER_STAGES) for (const direction of ['push', 'pull'] as const) for (const side of ['client', 'server'] as const) cases.push([stage, direction, side]);

  it.each(cases)('after a crash in %s of a %s on the %s, ends with the same data as an uninterrupted sync', async (stage, direction, side) => {
    expected ??= await reference();
    const { harness, a, b } = await setup();
    const victim = side === 'client' ? b : a;
    victim.plan = crashOnce(stage, direction, 1);
    await victim.restart();
    const failed = await harness.syncPair(b, a).then(
      () => 'no crash',
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/simulated crash/);
    await kill(victim);
    await harness.syncPair(b, a);
    expect(dataOf(a)).toEqual(expected.a);
    expect(dataOf(b)).toEqual(expected.b);
  });

  it.each(['push', 'pull'] as const)('resumes a %s cut off mid-transfer where it stopped, without resending what arrived', async (direction) => {
    expected ??= await reference();
    const { harness, a, b } = await setup();
    const chunkCall: SyncCall = direction === 'push' ? 'pushChunk' : 'pullChunk';
    let chunks = 0;
    let cut = true;
    const transport = harness.transport(a, {
      afterCall(call) {
        if (call !== chunkCall) return;
        chunks += 1;
        // The peer handled the second chunk, but its answer never arrives.
        if (cut && chunks === 2) {
          cut = false;
          throw new Error('network dropped');
        }
      },
    });
    const first = await b.sync.connect(transport, { certificateId: b.certificateId });
    const failure = await (direction === 'push' ? first.push() : first.push().then(() => first.pull())).then(
      () => 'no failure',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/network dropped/);
    const before = chunks;
    const second = await b.sync.connect(transport, { certificateId: b.certificateId });
    await second.sync();
    await second.close();
    // Resumed after the first chunk (the only one whose answer arrived): chunk 2 again and the rest,
    // never chunk 1 (a pull also asks once more and gets the empty page that ends it).
    const total = (b.databases.get<any>('default').handle.prepare('select records_total from sync_transfer_session where direction = ? order by rowid desc limit 1').get(direction) as { records_total: number }).records_total;
    const chunksInAll = Math.ceil(total / 7);
    expect(chunksInAll).toBeGreaterThanOrEqual(3);
    expect(chunks - before).toBe(chunksInAll - 1 + (direction === 'pull' ? 1 : 0));
    expect(dataOf(a)).toEqual(expected.a);
    expect(dataOf(b)).toEqual(expected.b);
  });

  it('survives the server being killed and restarted between two chunks', async () => {
    expected ??= await reference();
    const { harness, a, b } = await setup();
    let chunks = 0;
    const transport = harness.transport(a, {
      async beforeCall(call) {
        if (call === 'pushChunk' && ++chunks === 3) await kill(a);
      },
    });
    const connection = await b.sync.connect(transport, { certificateId: b.certificateId });
    await connection.sync();
    await connection.close();
    expect(dataOf(a)).toEqual(expected.a);
    expect(dataOf(b)).toEqual(expected.b);
  });
});
