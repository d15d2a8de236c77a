import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';
import { createEmitter, type Disposer } from '../../common/events.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import type { ScopeDefinitionId } from '../certificates/scope-definitions.js';
import type { SyncProgress } from '../controller/sync-progress.js';
import { randomHex, type RandomSource } from '../random-source.js';
import type { SyncConnection } from '../session/sync-connection.js';
import type { HttpSyncTransport } from '../transport/http-transport.js';
import type { PeerRecord, PeerStore, PeerSyncOutcome } from './peer-store.js';

/** Progress of a sync with one peer, for a progress bar. */
export interface PeerProgress extends SyncProgress {
  readonly peerId: string;
}

/** What pairing with a peer needs: where it is and a user's credentials there. */
export interface AddPeerInput {
  readonly address: string;
  readonly username: string;
  readonly password: string;
  /** The peer's facility to sync. */
  readonly facilityId: string;
  /** `full-facility` (an admin's credentials; default) or `single-user` (a learner's own: a learn-only device). */
  readonly scope?: ScopeDefinitionId;
}

/** The peers of this device: pairing, syncing, and what happened last time. */
export interface PeerService {
  /** Asks the peer for a certificate with the user's credentials, trusts its facility's root and remembers it. */
  add(input: AddPeerInput): Promise<PeerRecord>;
  /**
   * Pushes then pulls everything both certificates allow, resuming an interrupted transfer, and
   * records the outcome. One peer sync runs at a time on a device; a second waits its turn.
   * A failed sync is recorded and thrown.
   */
  sync(peerId: string): Promise<PeerSyncOutcome>;
  get(peerId: string): PeerRecord | undefined;
  list(): readonly PeerRecord[];
  onDidProgress(listener: (progress: PeerProgress) => void): Disposer;
  /**
   * Forgets the single-user pairings of learners removed on this device, and their certificates:
   * a learn-only device that drops a learner can no longer sync as them. Answers how many.
   */
  forgetUsers(userIds: readonly string[]): number;
  /** True when this device holds no full-facility certificate: a fresh or learn-only device. */
  isLearnOnly(): boolean;
}

/** What the peer service is built from. */
export interface PeerServiceOptions {
  readonly store: PeerStore;
  readonly certificates: CertificateStore;
  readonly instanceId: string;
  readonly connect: (transport: HttpSyncTransport, options: { readonly certificateId: string; readonly peerAddress: string }) => Promise<SyncConnection>;
  readonly onDidSyncProgress: (listener: (progress: SyncProgress) => void) => Disposer;
  readonly transportFor: (address: string) => HttpSyncTransport;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Elapsed time for durations (real time even when the clock is a test's). */
  readonly elapsed?: () => number;
  readonly onListenerError: (error: unknown) => void;
}

/** Creates the peer service of one device. */
export function createPeerService(options: PeerServiceOptions): PeerService {
  const { store, certificates, clock } = options;
  const elapsed = options.elapsed ?? (() => performance.now());
  const progress = createEmitter<PeerProgress>(options.onListenerError);
  // One peer sync at a time: progress events can then be attributed to the peer being synced,
  // and a 2-core device is not asked to merge two large transfers at once.
  let queue: Promise<unknown> = Promise.resolve();

  const run = async (peerId: string): Promise<PeerSyncOutcome> => {
    const peer = store.get(peerId);
    if (!peer) throw new CoreError('NOT_FOUND', `No peer with id "${peerId}".`);
    const started = elapsed();
    const stopListening = options.onDidSyncProgress((event) => {
      if (event.role === 'client') progress.fire({ ...event, peerId });
    });
    try {
      const connection = await options.connect(options.transportFor(peer.address), { certificateId: peer.certificateId, peerAddress: peer.address });
      try {
        const pushed = await connection.push();
        const pulled = await connection.pull();
        const outcome: PeerSyncOutcome = {
          status: pushed.status === 'COMPLETED' && pulled.status === 'COMPLETED' ? 'completed' : 'incomplete',
          pushed: pushed.records,
          pulled: pulled.records,
          durationMs: Math.round(elapsed() - started),
          finishedAt: clock.now(),
          error: null,
        };
        store.recordSync(peerId, outcome);
        return outcome;
      } finally {
        await connection.close().catch(() => {
          // The peer went away after the transfers: the session simply expires there.
        });
      }
    } catch (error) {
      store.recordSync(peerId, { status: 'failed', pushed: 0, pulled: 0, durationMs: Math.round(elapsed() - started), finishedAt: clock.now(), error: (error as Error).message });
      throw error;
    } finally {
      stopListening();
    }
  };

  return Object.freeze({
    async add(input: AddPeerInput) {
      const transport = options.transportFor(input.address);
      const info = await transport.deviceInfo();
      if (info.instanceId === options.instanceId) throw new CoreError('CONFLICT', 'That address is this device; pair with another one.');
      const publicKey = certificates.createKeyRequest();
      const { chain } = await transport.requestCertificate({
        facilityId: input.facilityId,
        scopeDefinition: input.scope ?? 'full-facility',
        publicKey,
        username: input.username,
        password: input.password,
      });
      const leaf = chain[chain.length - 1];
      if (!leaf || leaf.publicKey !== publicKey) throw new CoreError('CONFLICT', 'The peer answered with a certificate for another key.');
      // Trusting the root: the user proved credentials of that facility to this very peer.
      const verified = certificates.saveChain(chain, { trustRoot: true });
      const userId = leaf.scopeDefinition === 'single-user' ? (leaf.scopeParams['user_id'] ?? null) : null;
      const previous = store.list().find((peer) => peer.address === transport.baseUrl && peer.datasetId === verified.datasetId && peer.userId === userId);
      const saved = store.save({ id: randomHex(options.random), address: transport.baseUrl, facilityId: input.facilityId, datasetId: verified.datasetId, certificateId: leaf.id, peerInstanceId: info.instanceId, userId });
      // Pairing again replaces the certificate: the old one (and its key) is of no use any more.
      if (previous && previous.certificateId !== leaf.id) certificates.forget(previous.certificateId);
      return saved;
    },
    sync(peerId: string) {
      const next = queue.then(
        () => run(peerId),
        () => run(peerId),
      );
      queue = next.catch(() => undefined);
      return next;
    },
    forgetUsers(userIds: readonly string[]) {
      const pairings = store.ofUsers(userIds);
      for (const peer of pairings) {
        store.remove(peer.id);
        certificates.forget(peer.certificateId);
      }
      return pairings.length;
    },
    isLearnOnly: () => !certificates.own().some((certificate) => certificate.scopeDefinition === 'full-facility'),
    get: (peerId: string) => store.get(peerId),
    list: () => store.list(),
    onDidProgress: progress.on,
  });
}
