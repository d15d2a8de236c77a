import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { recordId } from '../../sync/model/record-id.js';
import { randomHex } from '../../common/random-source.js';
import { seededRandom } from '../../sync/test-support/seeded-random.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from '../../sync/test-support/sync-harness.js';
import { serveSyncOverHttp, type SyncHttpServer } from '../../sync/test-support/sync-http-server.js';
import { testPeerPolicy } from '../../sync/test-support/test-peer-policy.js';
import { createHttpTransport, type HttpSyncTransport, openSessionMessage, syncPaths } from '../../sync/index.js';

/**
 * Every forged or tampered sync request over real HTTP: each is refused with its precise code and
 * status, and the server's sessions, transfers, buffers and store are exactly as before.
 */
describe('/api/sync over HTTP: refusals', () => {
  let harness: SyncHarness;
  let http: SyncHttpServer | undefined;
  let a: TestDevice;
  let b: TestDevice;
  let ds: string;
  let transport: HttpSyncTransport;
  const random = seededRandom('sync-routes');

  afterEach(async () => {
    await http?.close();
    http = undefined;
    await harness?.dispose();
  });

  async function setUp(options: { readonly bodyLimit?: number } = {}) {
    harness = createSyncHarness();
    a = await harness.device('a');
    b = await harness.device('b');
    ds = harness.createRoot(a);
    harness.issue(a, b, 'full-facility');
    a.notes.put({ id: 'kept', part: ds, body: 'on the server' });
    a.sync.serialize();
    http = await serveSyncOverHttp(a, options);
    transport = createHttpTransport({ baseUrl: http.url, retries: 0, policy: testPeerPolicy });
  }

  /** What a refused request must leave untouched on the server. */
  const state = () => {
    const db = a.databases.get<any>('default').handle;
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { sessions: count('sync_session'), transfers: count('sync_transfer_session'), buffers: count('sync_buffer'), received: count('sync_received_range'), store: count('sync_store'), notes: a.notes.all() };
  };

  async function raw(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
    const response = await fetch(`${http!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, body: (await response.json()) as { code: string; message: string; details?: { message: string }[] } };
  }

  /** A refusal: the error the transport rebuilt from the HTTP answer. */
  async function refusal(work: () => Promise<unknown>) {
    try {
      await work();
    } catch (error) {
      return error as Error & { code?: string; reason?: string };
    }
    throw new Error('expected the peer to refuse');
  }

  async function handshake(device: TestDevice, overrides: { nonce?: string; sign?: (message: string) => string } = {}) {
    const nonce = overrides.nonce ?? (await transport.createNonce()).nonce;
    const fields = { sessionId: randomHex(random), profile: 'facilitydata', nonce, clientInstanceId: device.sync.instanceId, serverCertificateId: a.certificateId };
    const message = openSessionMessage(fields);
    const signature = overrides.sign ? overrides.sign(message) : device.sync.certificates.sign(device.certificateId, message);
    return { ...fields, clientChain: device.sync.certificates.chainOf(device.certificateId), signature };
  }

  async function openPush(filter = ds) {
    const request = await handshake(b);
    await transport.openSession(request);
    const transferId = randomHex(random);
    await transport.initializeTransfer({ sessionId: request.sessionId, transferId, direction: 'push', filter });
    await transport.proceed({ sessionId: request.sessionId, transferId, stage: 'QUEUING', senderFsic: {}, recordsTotal: 1 });
    return { sessionId: request.sessionId, transferId };
  }

  const note = (partition: string, sourceId = 'n1') => {
    const instance = b.sync.instanceId;
    return {
      id: recordId(partition, sourceId, 'testnote'),
      profile: 'facilitydata',
      modelName: 'testnote',
      sourceId,
      partition,
      serialized: JSON.stringify({ id: sourceId, part: partition, body: 'forged' }),
      deleted: false,
      hardDeleted: false,
      lastSavedInstance: instance,
      lastSavedCounter: 1,
      valueStamp: { at: 0, instance, counter: 1 },
      versions: { [instance]: 1 },
      conflicting: [],
    };
  };

  it('refuses a nonce it never issued (401 NOT_AUTHENTICATED)', async () => {
    await setUp();
    const before = state();
    const response = await raw(syncPaths.openSession, JSON.stringify(await handshake(b, { nonce: 'f'.repeat(32) })));
    expect(response).toMatchObject({ status: 401, body: { code: 'NOT_AUTHENTICATED' } });
    expect(state()).toEqual(before);
  });

  it('refuses a replayed nonce', async () => {
    await setUp();
    const request = await handshake(b);
    await transport.openSession(request);
    const before = state();
    const replay = await raw(syncPaths.openSession, JSON.stringify({ ...request, sessionId: randomHex(random) }));
    expect(replay).toMatchObject({ status: 401, body: { code: 'NOT_AUTHENTICATED' } });
    expect(state()).toEqual(before);
  });

  it('refuses an expired nonce (older than 60 s)', async () => {
    await setUp();
    const request = await handshake(b);
    a.clock.advance(60_001);
    const before = state();
    expect(await raw(syncPaths.openSession, JSON.stringify(request))).toMatchObject({ status: 401, body: { code: 'NOT_AUTHENTICATED' } });
    expect(state()).toEqual(before);
  });

  it('refuses a wrong signature (400 CERTIFICATE_INVALID, BAD_SIGNATURE)', async () => {
    await setUp();
    const before = state();
    const request = await handshake(b, { sign: (message) => b.sync.certificates.sign(b.certificateId, `${message}tampered`) });
    const response = await raw(syncPaths.openSession, JSON.stringify(request));
    expect(response).toMatchObject({ status: 400, body: { code: 'CERTIFICATE_INVALID', details: [{ message: 'BAD_SIGNATURE' }] } });
    expect(state()).toEqual(before);
  });

  it('refuses a chain ending in a root the server does not trust', async () => {
    await setUp();
    const stranger = await harness.device('stranger');
    harness.createRoot(stranger);
    const before = state();
    const error = await refusal(async () => transport.openSession(await handshake(stranger)));
    expect(error).toMatchObject({ code: 'CERTIFICATE_INVALID', reason: 'UNTRUSTED_ROOT' });
    expect(state()).toEqual(before);
  });

  it('refuses a revoked certificate, for a new session and inside an open one', async () => {
    await setUp();
    const open = await handshake(b);
    await transport.openSession(open);
    a.sync.certificates.revoke(b.certificateId, a.certificateId);
    const before = state();
    expect(await refusal(async () => transport.openSession(await handshake(b)))).toMatchObject({ code: 'CERTIFICATE_INVALID', reason: 'REVOKED' });
    expect(await refusal(() => transport.initializeTransfer({ sessionId: open.sessionId, transferId: randomHex(random), direction: 'push', filter: ds }))).toMatchObject({
      code: 'CERTIFICATE_INVALID',
      reason: 'REVOKED',
    });
    expect(state()).toEqual(before);
  });

  it('refuses a filter outside the two scopes (403 SYNC_SCOPE_VIOLATION)', async () => {
    await setUp();
    const learner = await harness.device('learner');
    harness.issue(a, learner, 'single-user', 'u1');
    const request = await handshake(learner);
    await transport.openSession(request);
    const before = state();
    const response = await raw(syncPaths.initializeTransfer, JSON.stringify({ sessionId: request.sessionId, transferId: randomHex(random), direction: 'push', filter: ds }));
    expect(response).toMatchObject({ status: 403, body: { code: 'SYNC_SCOPE_VIOLATION' } });
    expect(state()).toEqual(before);
  });

  it('refuses records outside the transfer’s filter, storing none of the chunk', async () => {
    await setUp();
    const { sessionId, transferId } = await openPush(`${ds}:anonymous`);
    const before = state();
    const chunk = { sessionId, transferId, records: [note(`${ds}:anonymous`, 'inside'), note(ds, 'outside')], positions: [1, 2] };
    expect(await raw(syncPaths.pushChunk, JSON.stringify(chunk))).toMatchObject({ status: 403, body: { code: 'SYNC_SCOPE_VIOLATION' } });
    expect(state()).toEqual(before);
  });

  it('refuses a record whose id does not match its partition, source and model', async () => {
    await setUp();
    const { sessionId, transferId } = await openPush();
    const before = state();
    for (const forged of [{ ...note(ds), sourceId: 'other' }, { ...note(ds), modelName: 'testcomment' }, { ...note(ds), partition: `${ds}:anonymous` }]) {
      const response = await raw(syncPaths.pushChunk, JSON.stringify({ sessionId, transferId, records: [forged], positions: [1] }));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('INVALID_INPUT');
    }
    expect(state()).toEqual(before);
  });

  it('refuses chunks for a foreign or closed transfer', async () => {
    await setUp();
    const mine = await openPush();
    const other = await openPush();
    const before = state();
    // The other session's transfer, named from this session: not found, whatever it holds.
    expect(await raw(syncPaths.pushChunk, JSON.stringify({ sessionId: mine.sessionId, transferId: other.transferId, records: [note(ds)], positions: [1] }))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    await transport.closeSession({ sessionId: mine.sessionId });
    const closedBefore = state();
    expect(await raw(syncPaths.pushChunk, JSON.stringify({ sessionId: mine.sessionId, transferId: mine.transferId, records: [note(ds)], positions: [1] }))).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(state()).toEqual(closedBefore);
    expect(state().buffers).toBe(before.buffers);
  });

  it('refuses garbage JSON (400 INVALID_INPUT) and stays up', async () => {
    await setUp();
    const before = state();
    expect(await raw(syncPaths.openSession, '{"sessionId": ')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await raw(syncPaths.pushChunk, '[1,2,3]')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(state()).toEqual(before);
    expect((await transport.deviceInfo()).instanceId).toBe(a.sync.instanceId);
  });

  it('refuses a pushed chunk that is empty, poisoned or not JSON, as the parsed routes refuse theirs, storing nothing', async () => {
    await setUp();
    const { sessionId, transferId } = await openPush();
    const before = state();
    const chunk = (records: string) => `{"sessionId": "${sessionId}", "transferId": "${transferId}", "records": ${records}, "positions": [1]}`;
    expect(await raw(syncPaths.pushChunk, chunk('[{"__proto__": {"deleted": false}}]'))).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', message: expect.stringMatching(/JSON/) } });
    expect(await raw(syncPaths.pushChunk, gzipSync(chunk('[{"__proto__": {}}]')), { 'content-encoding': 'gzip' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await raw(syncPaths.pushChunk, '')).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await raw(syncPaths.pushChunk, chunk('[]'), { 'content-type': 'text/plain' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(state()).toEqual(before);
  });

  it('refuses a truncated gzip body (400 INVALID_INPUT)', async () => {
    await setUp();
    const { sessionId, transferId } = await openPush();
    const before = state();
    const zipped = gzipSync(JSON.stringify({ sessionId, transferId, records: [note(ds)], positions: [1] }));
    const response = await raw(syncPaths.pushChunk, zipped.subarray(0, zipped.length - 12), { 'content-encoding': 'gzip' });
    expect(response).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', message: expect.stringMatching(/gzip/) } });
    expect(await raw(syncPaths.pushChunk, Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(await raw(syncPaths.pushChunk, Buffer.from('{}'), { 'content-encoding': 'br' })).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } });
    expect(state()).toEqual(before);
  });

  it('refuses an oversized body (413), plain or as a gzip bomb', async () => {
    await setUp({ bodyLimit: 64 * 1024 });
    const { sessionId, transferId } = await openPush();
    const before = state();
    const big = JSON.stringify({ sessionId, transferId, records: Array.from({ length: 200 }, (_, i) => note(ds, `n${i}`)), positions: Array.from({ length: 200 }, (_, i) => i + 1) });
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(await raw(syncPaths.pushChunk, big)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    // Small on the wire, too big once inflated.
    const bomb = gzipSync(JSON.stringify({ sessionId, transferId, records: [], positions: [], pad: ' '.repeat(10 * 1024 * 1024) }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await raw(syncPaths.pushChunk, bomb, { 'content-encoding': 'gzip' })).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(state()).toEqual(before);
  });

  it('accepts a valid gzip chunk and answers gzip to a client that asks', async () => {
    await setUp();
    const { sessionId, transferId } = await openPush();
    const storedBefore = state().store;
    const response = await fetch(`${http!.url}${syncPaths.pushChunk}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ sessionId, transferId, records: [note(ds)], positions: [1] })),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 1 });
    // Merged into the store as it arrived, and noted as received (no buffer copy).
    expect(state()).toMatchObject({ buffers: 0, received: 1, store: storedBefore + 1 });
    // A pull of 30 notes: its chunk comes back compressed.
    for (let i = 0; i < 30; i++) a.notes.put({ id: `p${i}`, part: ds, body: `a note worth compressing ${i} `.repeat(10) });
    const pullId = randomHex(random);
    await transport.initializeTransfer({ sessionId, transferId: pullId, direction: 'pull', filter: ds, receiverFsic: {} });
    await transport.proceed({ sessionId, transferId: pullId, stage: 'QUEUING' });
    const pulled = await fetch(`${http!.url}${syncPaths.pullChunk}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ sessionId, transferId: pullId, after: 0, limit: 100 }),
    });
    expect(pulled.headers.get('content-encoding')).toBe('gzip');
    expect(((await pulled.json()) as { records: unknown[] }).records).toHaveLength(31);
  });
});
