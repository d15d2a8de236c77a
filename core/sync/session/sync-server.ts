import { CoreError } from '../../common/core-error.js';
import { CertificateError } from '../certificates/certificate-error.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import { resolveScope } from '../certificates/scope-definitions.js';
import { verifySignature } from '../certificates/signing-keys.js';
import type { TransferStore, SyncSessionRecord, TransferRecord } from '../controller/transfer-store.js';
import type { LocalEngine } from '../controller/transfer-context.js';
import type { TransferDriver } from '../controller/transfer-driver.js';
import { progressOf } from '../controller/transfer-driver.js';
import type { SyncProgress } from '../controller/sync-progress.js';
import { stageIndex, type TransferStage } from '../protocol/transfer-stage.js';
import { filterWithin, intersectFilters, type SyncFilter } from '../model/sync-filter.js';
import { restrictFsic } from '../store/fsic.js';
import { mergeChunk } from '../store/merge-chunk.js';
import { decodeJsonBody, encodeJsonBody, type EncodedBody } from '../protocol/encoded-body.js';
import type { SyncServer } from '../protocol/sync-server.js';
import { acceptSessionMessage, openSessionMessage, type TransferState } from '../protocol/sync-transport.js';
import { asFsic, parseRequest, parseWireFilter, requestSchemas, validateIncomingRecords } from '../protocol/wire-schemas.js';
import type { SyncClientStore } from '../peers/client-store.js';
import type { NonceStore } from './nonce-store.js';
import type { SyncAdmission } from './sync-admission.js';

/** What the sync server is built from. */
export interface SyncServerOptions {
  readonly engine: LocalEngine;
  readonly certificates: CertificateStore;
  readonly transfers: TransferStore;
  readonly driver: TransferDriver;
  readonly nonces: NonceStore;
  readonly version: string;
  readonly onProgress: (progress: SyncProgress) => void;
  /** This device's name, told in its device info (default: none). */
  readonly deviceName?: () => string;
  /**
   * Whether this device still holds the dataset as a facility (default: always). A device whose
   * facility was deleted keeps the facility's root certificate, so without this check it would
   * answer a sync with nothing and the client would report success.
   */
  readonly holdsDataset?: (datasetId: string) => boolean;
  /** How many sync sessions may run at once; the rest are told their place in line (default: no limit). */
  readonly admission?: SyncAdmission;
  /** Who opened a session (default: nobody is told). */
  readonly clients?: SyncClientStore;
}

/** The filter a transfer may use: a push needs the client's write and the server's read scope, a pull the reverse. */
export function allowedFilter(direction: 'push' | 'pull', client: { read: SyncFilter; write: SyncFilter }, server: { read: SyncFilter; write: SyncFilter }): SyncFilter {
  return direction === 'push' ? intersectFilters(client.write, server.read) : intersectFilters(client.read, server.write);
}

/** Creates the sync server of one device. */
export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { engine, certificates, transfers, driver, nonces } = options;
  const holdsDataset = options.holdsDataset ?? (() => true);
  const assertHolds = (datasetId: string) => {
    if (!holdsDataset(datasetId)) throw new CoreError('FACILITY_GONE', 'This device no longer has that facility.');
  };
  // One proceed at a time per transfer: two requests must not run one stage twice at once.
  const running = new Map<string, Promise<unknown>>();

  const oneAtATime = <T>(transferId: string, work: () => Promise<T>): Promise<T> => {
    const previous = running.get(transferId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    running.set(transferId, settled);
    void settled.then(() => {
      if (running.get(transferId) === settled) running.delete(transferId);
    });
    return next;
  };

  const session = (sessionId: string): SyncSessionRecord => {
    const found = transfers.getSyncSession(sessionId);
    if (!found || found.role !== 'server' || !found.active) throw new CoreError('NOT_FOUND', 'No open sync session has that id.');
    options.admission?.touch(found.id);
    // Revocations arrive while a session is open: check the client's chain (verified when the
    // session opened) against the revocation list again on every use.
    for (const certificate of certificates.chainOf(found.peerCertificateId)) {
      if (certificates.isRevoked(certificate.id)) throw new CertificateError('REVOKED', `Certificate ${certificate.id} was revoked.`, certificate.id);
    }
    return found;
  };

  const transferOf = (syncSession: SyncSessionRecord, transferId: string): TransferRecord => {
    const transfer = transfers.getTransfer(transferId);
    if (!transfer || transfer.role !== 'server' || transfer.syncSessionId !== syncSession.id) throw new CoreError('NOT_FOUND', 'No transfer of this sync session has that id.');
    return transfer;
  };

  const stateOf = (transfer: TransferRecord, created = false): TransferState => ({
    transferId: transfer.id,
    stage: transfer.stage,
    status: transfer.status,
    recordsTotal: transfer.recordsTotal,
    receiverFsic: transfer.direction === 'push' ? transfer.receiverFsic : null,
    senderFsic: transfer.direction === 'pull' ? transfer.senderFsic : null,
    error: transfer.error,
    created,
  });

  const reached = (transfer: TransferRecord, stage: TransferStage) =>
    stageIndex(transfer.stage) > stageIndex(stage) || (transfer.stage === stage && transfer.status === 'COMPLETED');

  const server: SyncServer = Object.freeze({
    async deviceInfo() {
      const deviceName = options.deviceName?.();
      return { instanceId: engine.store.instanceId, version: options.version, capabilities: [], ...(deviceName ? { deviceName } : {}) };
    },
    async createNonce() {
      return nonces.issue();
    },
    async certificateChains(body: unknown) {
      const { datasetId } = parseRequest(requestSchemas.certificateChains, body);
      assertHolds(datasetId);
      const chains = certificates
        .own(datasetId)
        .filter((certificate) => !certificates.isRevoked(certificate.id))
        .map((certificate) => certificates.chainOf(certificate.id));
      return { chains };
    },
    async openSession(body: unknown, from: { readonly address?: string } = {}) {
      const request = parseRequest(requestSchemas.openSession, body);
      if (!nonces.consume(request.nonce)) throw new CoreError('NOT_AUTHENTICATED', 'The nonce is unknown, already used or expired; ask for a new one.');
      const client = certificates.verify(request.clientChain);
      if (client.leaf.profile !== request.profile) throw new CertificateError('PROFILE_MISMATCH', `The client's certificate is of profile "${client.leaf.profile}", not "${request.profile}".`, client.leaf.id);
      if (!verifySignature(client.leaf.publicKey, openSessionMessage(request), request.signature)) {
        throw new CertificateError('BAD_SIGNATURE', "The client's proof of key does not verify.", client.leaf.id);
      }
      const serverChain = certificates.chainOf(request.serverCertificateId);
      const server = certificates.verify(serverChain);
      if (server.datasetId !== client.datasetId) throw new CertificateError('UNTRUSTED_ROOT', 'The client and server certificates belong to different datasets.', client.leaf.id);
      if (transfers.getSyncSession(request.sessionId)) throw new CoreError('CONFLICT', 'A sync session with that id exists already.');
      assertHolds(client.datasetId);
      // After the proofs: only a device this one trusts can take a place in line.
      const admitted = options.admission?.admit(request.clientInstanceId, request.sessionId) ?? { admitted: true };
      if (!admitted.admitted) {
        throw new CoreError('SYNC_QUEUED', `This device is busy with other syncs; you are number ${admitted.position} in line.`, [{ path: 'position', message: String(admitted.position) }]);
      }
      options.clients?.record({
        instanceId: request.clientInstanceId,
        datasetId: client.datasetId,
        userId: client.leaf.scopeDefinition === 'single-user' ? (client.leaf.scopeParams['user_id'] ?? null) : null,
        deviceName: request.clientDeviceName ?? null,
        address: from.address ?? '',
      });
      // Saved so that the session can re-check the client's chain against later revocations.
      certificates.saveChain(request.clientChain);
      transfers.createSyncSession({
        id: request.sessionId,
        role: 'server',
        profile: request.profile,
        localCertificateId: server.leaf.id,
        peerCertificateId: client.leaf.id,
        peerInstanceId: request.clientInstanceId,
        peerAddress: '',
      });
      const serverInstanceId = engine.store.instanceId;
      const signature = certificates.sign(server.leaf.id, acceptSessionMessage({ sessionId: request.sessionId, nonce: request.nonce, serverInstanceId, clientCertificateId: client.leaf.id }));
      return { serverInstanceId, serverChain, signature };
    },
    async initializeTransfer(body: unknown) {
      const request = parseRequest(requestSchemas.initializeTransfer, body);
      const syncSession = session(request.sessionId);
      const filter = parseWireFilter(request.filter);
      const allowed = allowedFilter(request.direction, resolveScope(certificates.get(syncSession.peerCertificateId)!), resolveScope(certificates.get(syncSession.localCertificateId)!));
      if (!filterWithin(filter, allowed)) {
        throw new CoreError('SYNC_SCOPE_VIOLATION', `A ${request.direction} with this filter is outside what the two certificates allow.`);
      }
      return oneAtATime(request.transferId, async () => {
        let transfer = transfers.getTransfer(request.transferId);
        let created = false;
        if (transfer) {
          const owner = transfers.getSyncSession(transfer.syncSessionId);
          const sameClient = owner?.role === 'server' && owner.peerCertificateId === syncSession.peerCertificateId && owner.peerInstanceId === syncSession.peerInstanceId;
          if (!sameClient || transfer.direction !== request.direction || transfer.filter.join('\n') !== filter.join('\n')) {
            throw new CoreError('CONFLICT', 'A different transfer has that id.');
          }
          // A client resuming after reconnecting brings its transfer into its new session.
          if (transfer.syncSessionId !== syncSession.id) transfer = transfers.moveTransfer(transfer.id, syncSession.id);
          // The client's resume is the deliberate retry an ERRORED stage waits for.
          if (transfer.status === 'ERRORED') transfer = transfers.updateTransfer(transfer.id, { status: 'PENDING', error: null });
        } else {
          const receiverFsic = request.direction === 'pull' ? asFsic(request.receiverFsic) : null;
          if (request.direction === 'pull' && receiverFsic === null) throw new CoreError('INVALID_INPUT', 'A pull must say what the client holds (receiverFsic).');
          transfer = transfers.createTransfer({ id: request.transferId, syncSessionId: syncSession.id, direction: request.direction, filter, receiverFsic: receiverFsic && restrictFsic(receiverFsic, filter) });
          created = true;
        }
        if (transfer.active) await driver.controllerFor(transfer.id).proceedTo('INITIALIZING');
        return stateOf(transfers.getTransfer(transfer.id)!, created);
      });
    },
    async proceed(body: unknown) {
      const request = parseRequest(requestSchemas.proceed, body);
      const syncSession = session(request.sessionId);
      const transfer = transferOf(syncSession, request.transferId);
      return oneAtATime(transfer.id, async () => {
        const current = transfers.getTransfer(transfer.id)!;
        if (current.direction === 'push' && request.senderFsic !== undefined && current.senderFsic === null) {
          if (request.recordsTotal === undefined) throw new CoreError('INVALID_INPUT', 'A pushing client must say how many records it queued.');
          transfers.updateTransfer(current.id, { senderFsic: restrictFsic(asFsic(request.senderFsic)!, current.filter), recordsTotal: request.recordsTotal });
        }
        if (current.active) await driver.controllerFor(current.id).proceedTo(request.stage);
        return stateOf(transfers.getTransfer(current.id)!);
      });
    },
    async pushChunk(body: unknown) {
      const request = parseRequest(requestSchemas.pushChunk, body);
      const syncSession = session(request.sessionId);
      const transfer = transferOf(syncSession, request.transferId);
      if (transfer.direction !== 'push') throw new CoreError('CONFLICT', 'Records are pushed only in a push.');
      if (!transfer.active || !reached(transfer, 'QUEUING') || reached(transfer, 'TRANSFERRING')) {
        throw new CoreError('CONFLICT', `Transfer ${transfer.id} is not receiving records (it is at ${transfer.stage}, ${transfer.status}).`);
      }
      const records = validateIncomingRecords(request.records, { filter: transfer.filter, profile: syncSession.profile });
      const { positions } = request;
      if (positions.length !== records.length || positions.some((position, index) => index > 0 && position <= positions[index - 1]!)) {
        throw new CoreError('INVALID_INPUT', 'A pushed chunk must give one ascending buffer position per record.');
      }
      const { store, registry } = engine;
      // Merged as it arrives, with what arrived noted in the same transaction; the counters wait
      // until every queued record is here (DEQUEUING).
      const updated = store.db.writeTransaction(() => {
        mergeChunk({ store, records, mergePolicyOf: (profile, modelName) => registry.get(profile, modelName)?.mergePolicy });
        store.noteReceived(transfer.id, positions);
        return transfers.updateTransfer(transfer.id, { recordsDone: store.receivedCount(transfer.id) });
      });
      options.onProgress(progressOf(updated));
      return { stored: records.length };
    },
    async pullChunk(body: unknown) {
      const request = parseRequest(requestSchemas.pullChunk, body);
      const syncSession = session(request.sessionId);
      const transfer = transferOf(syncSession, request.transferId);
      if (transfer.direction !== 'pull') throw new CoreError('CONFLICT', 'Records are pulled only in a pull.');
      if (!transfer.active || !reached(transfer, 'QUEUING') || reached(transfer, 'DEQUEUING')) {
        throw new CoreError('CONFLICT', `Transfer ${transfer.id} has no records to hand out (it is at ${transfer.stage}, ${transfer.status}).`);
      }
      const { records, positions } = engine.store.bufferPage(transfer.id, request.after, request.limit, request.skip ?? 0);
      if (records.length > 0) options.onProgress(progressOf(transfers.updateTransfer(transfer.id, { recordsDone: transfer.recordsDone + records.length })));
      return { records, position: positions[positions.length - 1] ?? request.after };
    },
    async pushChunkEncoded(body: EncodedBody, maxBytes: number) {
      return server.pushChunk(await decodeJsonBody(body, maxBytes));
    },
    async pullChunkEncoded(body: unknown, { gzip }: { readonly gzip: boolean }) {
      return await encodeJsonBody(await server.pullChunk(body), gzip);
    },
    async closeSession(body: unknown) {
      const request = parseRequest(requestSchemas.closeSession, body);
      const found = transfers.getSyncSession(request.sessionId);
      if (!found || found.role !== 'server') throw new CoreError('NOT_FOUND', 'No sync session has that id.');
      transfers.closeSyncSession(found.id);
      options.admission?.release(found.id);
    },
  });
  return server;
}
