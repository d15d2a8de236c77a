import { CoreError } from '../../common/core-error.js';
import { CertificateError } from '../certificates/certificate-error.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import type { Certificate } from '../certificates/certificate.js';
import type { ResolvedScope } from '../certificates/scope-definitions.js';
import { verifySignature } from '../certificates/signing-keys.js';
import type { TransferStore, TransferRecord } from '../controller/transfer-store.js';
import type { LocalEngine, RemoteTransfer } from '../controller/transfer-context.js';
import type { TransferDriver } from '../controller/transfer-driver.js';
import type { TransferStatus } from '../protocol/transfer-stage.js';
import { formatFilter, type SyncFilter } from '../model/sync-filter.js';
import { randomHex, type RandomSource } from '../../common/random-source.js';
import { acceptSessionMessage, openSessionMessage, type SyncTransport } from '../protocol/sync-transport.js';
import { allowedFilter } from './sync-server.js';
import { dropTransferBuffer } from '../store/drop-transfer-buffer.js';

/** What one push or pull did. */
export interface TransferSummary {
  /** `null` when the two scopes share nothing in that direction, so nothing ran. */
  readonly transferId: string | null;
  readonly direction: 'push' | 'pull';
  readonly status: TransferStatus;
  /** Records the sender queued for the receiver: 0 when the receiver had everything. */
  readonly records: number;
}

/** An open sync session, from the client's side. */
export interface SyncConnection {
  readonly sessionId: string;
  readonly peerInstanceId: string;
  readonly localCertificate: Certificate;
  readonly peerCertificate: Certificate;
  /**
   * Sends this device's records the peer lacks. The filter defaults to everything both scopes
   * allow; an unfinished push with the same peer and filter is resumed where it stopped.
   */
  push(options?: { readonly filter?: SyncFilter }): Promise<TransferSummary>;
  /** Fetches the peer's records this device lacks; resumes like `push`. */
  pull(options?: { readonly filter?: SyncFilter }): Promise<TransferSummary>;
  /** A push, then a pull. */
  sync(): Promise<{ readonly pushed: number; readonly pulled: number }>;
  /** Ends the session on both sides. */
  close(): Promise<void>;
}

/** What opening a connection needs from the sync service. */
export interface ConnectionDependencies {
  readonly engine: LocalEngine;
  readonly certificates: CertificateStore;
  readonly transfers: TransferStore;
  readonly driver: TransferDriver;
  readonly random: RandomSource;
  /** Waits before asking a busy peer again. */
  readonly wait: () => Promise<void>;
  /** This device's name, told to the server when opening a session. */
  readonly deviceName?: () => string;
}

// Marks the refusal of a peer that holds no certificate of the dataset at all.
const HOLDS_NONE = Symbol('outpost.peerHoldsNone');

function holdsNone(error: CertificateError): CertificateError {
  Object.defineProperty(error, HOLDS_NONE, { value: true });
  return error;
}

/**
 * True when opening a connection failed because the peer holds no certificate of the dataset:
 * it no longer has the facility (it was reset, or dropped it before this check existed).
 */
export function isPeerWithoutDataset(error: unknown): boolean {
  return error instanceof CertificateError && (error as unknown as Record<symbol, unknown>)[HOLDS_NONE] === true;
}

/** How often a busy peer is asked again before the transfer is left PENDING for a later sync. */
const MAX_WAITS = 600;

function widest(scope: ResolvedScope): number {
  return scope.read.length + scope.write.length === 0 ? 0 : scope.write.some((prefix) => !prefix.includes(':')) ? 2 : 1;
}

/**
 * Opens a sync session with the peer behind `transport`, using this device's certificate
 * `certificateId`. Both sides prove their keys over a fresh nonce; the peer's chain must verify to
 * a root this device trusts and be unrevoked.
 */
export async function openSyncConnection(
  transport: SyncTransport,
  options: { readonly certificateId: string; readonly peerAddress?: string },
  deps: ConnectionDependencies,
): Promise<SyncConnection> {
  const { engine, certificates, transfers, driver, random } = deps;
  const localChain = certificates.chainOf(options.certificateId);
  const local = certificates.verify(localChain);
  const localCertificate = local.leaf;

  const candidates: { chain: readonly Certificate[]; scope: ResolvedScope }[] = [];
  const offered = (await transport.certificateChains({ datasetId: local.datasetId })).chains;
  // No certificate of the dataset at all: the peer no longer holds the facility (it was reset, or
  // is an older device that kept nothing of it). Not a certificate problem of ours.
  if (offered.length === 0) throw holdsNone(new CertificateError('UNTRUSTED_ROOT', 'The peer holds no certificate of this dataset.'));
  for (const chain of offered) {
    try {
      candidates.push({ chain, scope: certificates.verify(chain).scope });
    } catch {
      // A chain this device cannot verify is not one to sync with.
    }
  }
  // The peer's widest certificate: a full-facility one lets the most through.
  candidates.sort((a, b) => widest(b.scope) - widest(a.scope));
  const chosen = candidates[0];
  if (!chosen) throw new CertificateError('UNTRUSTED_ROOT', 'The peer holds no certificate of this dataset that this device trusts.');
  const serverCertificateId = chosen.chain[chosen.chain.length - 1]!.id;

  const { nonce } = await transport.createNonce();
  const sessionId = randomHex(random);
  const request = { sessionId, profile: localCertificate.profile, nonce, clientInstanceId: engine.store.instanceId, clientChain: localChain, serverCertificateId };
  const deviceName = deps.deviceName?.();
  const response = await transport.openSession({ ...request, signature: certificates.sign(localCertificate.id, openSessionMessage(request)), ...(deviceName ? { clientDeviceName: deviceName } : {}) });
  const server = certificates.verify(response.serverChain);
  if (server.leaf.id !== serverCertificateId) throw new CertificateError('BROKEN_CHAIN', 'The peer answered with another certificate than the one asked for.', server.leaf.id);
  const accepted = acceptSessionMessage({ sessionId, nonce, serverInstanceId: response.serverInstanceId, clientCertificateId: localCertificate.id });
  if (!verifySignature(server.leaf.publicKey, accepted, response.signature)) throw new CertificateError('BAD_SIGNATURE', "The peer's proof of key does not verify.", server.leaf.id);
  certificates.saveChain(response.serverChain);
  transfers.createSyncSession({
    id: sessionId,
    role: 'client',
    profile: localCertificate.profile,
    localCertificateId: localCertificate.id,
    peerCertificateId: server.leaf.id,
    peerInstanceId: response.serverInstanceId,
    peerAddress: options.peerAddress ?? '',
  });

  const remote = (transferId: string, direction: 'push' | 'pull', filter: SyncFilter): RemoteTransfer => ({
    initialize: (receiverFsic) =>
      transport.initializeTransfer({ sessionId, transferId, direction, filter: formatFilter(filter), ...(receiverFsic ? { receiverFsic } : {}) }),
    proceed: (stage, extra = {}) => transport.proceed({ sessionId, transferId, stage, ...extra }),
    pushChunk: async (records, positions) => {
      await transport.pushChunk({ sessionId, transferId, records, positions });
    },
    pullChunk: (after, skip, limit) => transport.pullChunk({ sessionId, transferId, after, ...(skip > 0 ? { skip } : {}), limit }),
  });

  const abandon = (transfer: TransferRecord) => {
    dropTransferBuffer(engine.store, transfer.id);
    transfers.updateTransfer(transfer.id, { active: false });
  };

  const run = async (direction: 'push' | 'pull', filterOverride: SyncFilter | undefined): Promise<TransferSummary> => {
    const filter = filterOverride ?? allowedFilter(direction, local.scope, server.scope);
    if (filter.length === 0) return { transferId: null, direction, status: 'COMPLETED', records: 0 };
    let transfer = transfers.findResumable(response.serverInstanceId, direction, filter);
    if (transfer) {
      if (transfer.syncSessionId !== sessionId) transfer = transfers.moveTransfer(transfer.id, sessionId);
      // Resuming is the deliberate retry an ERRORED stage waits for; a STARTED one died with the process.
      if (transfer.status === 'ERRORED' || transfer.status === 'STARTED') transfer = transfers.updateTransfer(transfer.id, { status: 'PENDING', error: null });
      if (transfer.stage !== 'INITIALIZING' || transfer.status === 'COMPLETED') {
        const state = await remote(transfer.id, direction, filter).initialize(direction === 'pull' ? transfer.receiverFsic : null);
        // The peer lost its side (its database was reset): start over rather than resume half a transfer.
        if (state.created) {
          abandon(transfer);
          transfer = undefined;
        }
      }
    }
    transfer ??= transfers.createTransfer({ id: randomHex(random), syncSessionId: sessionId, direction, filter });
    const controller = driver.controllerFor(transfer.id, remote(transfer.id, direction, filter));
    let status = await controller.proceedTo('CLEANUP');
    for (let waits = 0; status === 'PENDING' && waits < MAX_WAITS; waits++) {
      await deps.wait();
      status = await controller.proceedTo('CLEANUP');
    }
    if (status === 'ERRORED') {
      const error = controller.lastError;
      if (error instanceof CoreError) throw error;
      throw new CoreError('INTERNAL', `The ${direction} failed: ${transfers.getTransfer(transfer.id)?.error ?? 'unknown error'}`, undefined, { cause: error });
    }
    const final = status === 'COMPLETED' ? transfers.updateTransfer(transfer.id, { active: false }) : transfers.getTransfer(transfer.id)!;
    return { transferId: final.id, direction, status, records: final.recordsTotal ?? 0 };
  };

  return Object.freeze({
    sessionId,
    peerInstanceId: response.serverInstanceId,
    localCertificate,
    peerCertificate: server.leaf,
    push: (pushOptions: { readonly filter?: SyncFilter } = {}) => run('push', pushOptions.filter),
    pull: (pullOptions: { readonly filter?: SyncFilter } = {}) => run('pull', pullOptions.filter),
    async sync() {
      const pushed = await run('push', undefined);
      const pulled = await run('pull', undefined);
      return { pushed: pushed.records, pulled: pulled.records };
    },
    async close() {
      transfers.closeSyncSession(sessionId);
      await transport.closeSession({ sessionId });
    },
  });
}
