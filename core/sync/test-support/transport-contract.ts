import { afterEach, beforeEach, expect, it } from 'vitest';
import { isCoreError, type ErrorCode } from '../../common/core-error.js';
import { isCertificateError } from '../certificates/certificate-error.js';
import { recordId } from '../model/record-id.js';
import { randomHex } from '../../common/random-source.js';
import { openSessionMessage, type SyncTransport } from '../protocol/sync-transport.js';
import { MAX_CHUNK_RECORDS, MAX_PULL_SKIP } from '../protocol/wire-schemas.js';
import { seededRandom } from './seeded-random.js';
import { createSyncHarness, type SyncHarness, type TestDevice } from './sync-harness.js';

/** How a transport implementation is reached for the contract: a transport from anyone to `server`. */
export type TransportFactory = (harness: SyncHarness, server: TestDevice) => SyncTransport | Promise<SyncTransport>;

/**
 * The contract every sync transport must keep, run against each implementation (in-process now,
 * HTTP in issue 8): the peer's answers and refusals arrive intact, with their codes, and a refused
 * request changes nothing on the peer.
 */
export function describeTransportContract(makeTransport: TransportFactory): void {
  let harness: SyncHarness;
  let server: TestDevice;
  let client: TestDevice;
  let transport: SyncTransport;
  const random = seededRandom('contract');

  beforeEach(async () => {
    harness = createSyncHarness();
    server = await harness.device('server');
    client = await harness.device('client');
    harness.createRoot(server);
    harness.issue(server, client, 'full-facility');
    transport = await makeTransport(harness, server);
  });
  afterEach(async () => harness.dispose());

  async function refusal(work: () => Promise<unknown>): Promise<unknown> {
    try {
      await work();
    } catch (error) {
      return error;
    }
    throw new Error('expected the peer to refuse');
  }

  const expectCode = async (work: () => Promise<unknown>, code: ErrorCode) => {
    const error = await refusal(work);
    expect(isCoreError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
    return error;
  };

  /** A handshake by hand, so that a test can spoil one part of it. */
  async function openRequest(overrides: Record<string, unknown> = {}) {
    const { nonce } = await transport.createNonce();
    const chain = client.sync.certificates.chainOf(client.certificateId);
    const serverCertificateId = server.certificateId;
    const fields = { sessionId: randomHex(random), profile: 'facilitydata', nonce, clientInstanceId: client.sync.instanceId, serverCertificateId, ...overrides } as {
      sessionId: string;
      profile: string;
      nonce: string;
      clientInstanceId: string;
      serverCertificateId: string;
    };
    return { ...fields, clientChain: chain, signature: client.sync.certificates.sign(client.certificateId, openSessionMessage(fields)) };
  }

  async function openedSession() {
    const request = await openRequest();
    await transport.openSession(request);
    return request.sessionId;
  }

  const sessionCount = () => (server.databases.get<any>('default').handle.prepare('select count(*) as n from sync_session').get() as { n: number }).n;
  // Everything a chunk could leave on the server: records merged into the store, buffered, or noted as received.
  const keptCount = () => {
    const count = (table: string) => (server.databases.get<any>('default').handle.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return count('sync_store') + count('sync_buffer') + count('sync_received_range');
  };

  it('tells who the peer is', async () => {
    expect((await transport.deviceInfo()).instanceId).toBe(server.sync.instanceId);
    const { chains } = await transport.certificateChains({ datasetId: server.certificateId });
    expect(chains.map((chain) => chain[chain.length - 1]!.id)).toEqual([server.certificateId]);
  });

  it('opens a session once per nonce, and never with an expired one', async () => {
    const request = await openRequest();
    const opened = await transport.openSession(request);
    expect(opened.serverInstanceId).toBe(server.sync.instanceId);
    await expectCode(() => transport.openSession({ ...request, sessionId: randomHex(random) }), 'NOT_AUTHENTICATED');
    const late = await openRequest();
    server.clock.advance(61_000);
    await expectCode(() => transport.openSession(late), 'NOT_AUTHENTICATED');
    expect(sessionCount()).toBe(1);
  });

  it('refuses a proof of key made for another nonce, with the certificate failure intact', async () => {
    const request = await openRequest();
    const other = await openRequest();
    const error = await refusal(() => transport.openSession({ ...request, signature: other.signature }));
    expect(isCertificateError(error, 'BAD_SIGNATURE')).toBe(true);
    expect(sessionCount()).toBe(0);
  });

  it('refuses a malformed request with INVALID_INPUT and the fields at fault', async () => {
    const error = await expectCode(() => transport.initializeTransfer({ sessionId: 'nope', transferId: 'x', direction: 'sideways', filter: '' } as never), 'INVALID_INPUT');
    expect((error as { details?: unknown[] }).details?.length).toBeGreaterThan(0);
  });

  it('refuses chunks for an unknown, foreign or closed session or transfer, storing nothing', async () => {
    const sessionId = await openedSession();
    const transferId = randomHex(random);
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: [], positions: [] }), 'NOT_FOUND');
    const filter = server.certificateId;
    await transport.initializeTransfer({ sessionId, transferId, direction: 'push', filter });
    const otherSession = await openedSession();
    await expectCode(() => transport.pushChunk({ sessionId: otherSession, transferId, records: [], positions: [] }), 'NOT_FOUND');
    await expectCode(() => transport.pullChunk({ sessionId, transferId, after: 0, limit: 10 }), 'CONFLICT');
    // A read-ahead skip is a bounded whole number, checked before anything else.
    for (const skip of [-1, 1.5, MAX_PULL_SKIP + 1]) await expectCode(() => transport.pullChunk({ sessionId, transferId, after: 0, skip, limit: 10 }), 'INVALID_INPUT');
    await transport.closeSession({ sessionId });
    await expectCode(() => transport.proceed({ sessionId, transferId, stage: 'SERIALIZING' }), 'NOT_FOUND');
    expect(keptCount()).toBe(0);
  });

  it('refuses a record whose id does not match it, and an oversized chunk, storing nothing', async () => {
    const sessionId = await openedSession();
    const transferId = randomHex(random);
    const ds = server.certificateId;
    await transport.initializeTransfer({ sessionId, transferId, direction: 'push', filter: ds });
    await transport.proceed({ sessionId, transferId, stage: 'QUEUING', senderFsic: {}, recordsTotal: 1 });
    const instance = client.sync.instanceId;
    const record = {
      id: recordId(ds, 'n1', 'testnote'),
      profile: 'facilitydata',
      modelName: 'testnote',
      sourceId: 'n1',
      partition: ds,
      serialized: '{"id":"n1"}',
      deleted: false,
      hardDeleted: false,
      lastSavedInstance: instance,
      lastSavedCounter: 1,
      valueStamp: { at: 0, instance, counter: 1 },
      versions: { [instance]: 1 },
      conflicting: [],
    };
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: [{ ...record, sourceId: 'n2' }], positions: [1] }), 'INVALID_INPUT');
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: Array.from({ length: MAX_CHUNK_RECORDS + 1 }, () => record), positions: Array.from({ length: MAX_CHUNK_RECORDS + 1 }, (_, index) => index + 1) }), 'PAYLOAD_TOO_LARGE');
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: [{ ...record, versions: {} }], positions: [1] }), 'INVALID_INPUT');
    // Each record needs its buffer position, ascending: the receiver counts what arrived by them.
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: [record], positions: [] }), 'INVALID_INPUT');
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: [record, record], positions: [2, 2] }), 'INVALID_INPUT');
    await expectCode(() => transport.pushChunk({ sessionId, transferId, records: [record], positions: [0] }), 'INVALID_INPUT');
    expect(keptCount()).toBe(0);
    expect(await transport.pushChunk({ sessionId, transferId, records: [record], positions: [1] })).toEqual({ stored: 1 });
    // Merged into the store, and the chunk noted as received.
    expect(keptCount()).toBe(2);
  });
}
