import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';
import { createEmitter, type Disposer } from '../../common/events.js';
import type { Certificate } from '../certificates/certificate.js';
import type { CertificateStore } from '../certificates/certificate-store.js';
import type { ScopeDefinitionId } from '../certificates/scope-definitions.js';
import type { VerifiedChain } from '../certificates/verify-chain.js';
import type { SyncProgress } from '../controller/sync-progress.js';
import { randomHex, type RandomSource } from '../../common/random-source.js';
import { isPeerWithoutDataset, type SyncConnection } from '../session/sync-connection.js';
import type { HttpSyncTransport, PeerFacilityList } from '../transport/http-transport.js';
import type { PeerReach } from '../transport/peer-address.js';
import { asOurError } from './peer-refusal.js';
import { isCertificateError } from '../certificates/certificate-error.js';
import { isCoreError } from '../../common/core-error.js';
import { isPeerRefusal } from '../protocol/wire-error.js';
import type { PeerSchedule } from './peer-schedule.js';
import type { PeerRecord, PeerStopReason, PeerStore, PeerSyncOutcome } from './peer-store.js';

/** Where a sync with a peer stands right now. */
export type PeerActivity = { readonly state: 'idle' } | { readonly state: 'syncing' } | { readonly state: 'queued'; readonly position: number };

/** The words of a stopped pairing, with the names they use, so that a UI can say them in its language. */
export interface PeerStopWords {
  readonly reason: PeerStopReason;
  readonly facilityName: string;
  readonly peerName: string;
  /** The English sentence, as the API's error message. */
  readonly message: string;
}

/** Says why a pairing stopped, in plain English: "Hillside School no longer exists on A. This device keeps its data." */
export function stopWords(reason: PeerStopReason, facilityName: string, peerName: string): PeerStopWords {
  const message =
    reason === 'facility-gone'
      ? `${facilityName} no longer exists on ${peerName}. This device keeps its data.`
      : reason === 'peer-replaced'
        ? `${peerName} was reset and no longer has ${facilityName}. This device keeps its data.`
        : `${peerName} no longer accepts this device for ${facilityName} (its certificate was revoked). This device keeps its data.`;
  return Object.freeze({ reason, facilityName, peerName, message });
}

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

/** Which addresses a call may make this device contact (see `PeerAddressPolicy`); default `unicast`. */
export interface PeerCallOptions {
  readonly reach?: PeerReach;
}

/**
 * The peers of this device: pairing, syncing, and what happened last time. A refusal the peer
 * answered with comes out as this device's `PEER_REFUSED`, never as the peer's own code.
 */
export interface PeerService {
  /**
   * Asks the peer for a certificate with the user's credentials, trusts its facility's root and
   * remembers it. Nothing is written until the peer has answered like an Outpost device and issued the certificate.
   */
  add(input: AddPeerInput, options?: PeerCallOptions): Promise<PeerRecord>;
  /** The public facility list of the device at `address`, and its address as stored. */
  facilitiesAt(address: string, options?: PeerCallOptions): Promise<PeerFacilityList & { readonly address: string }>;
  /**
   * Pushes then pulls everything both certificates allow, resuming an interrupted transfer, and
   * records the outcome. Syncs with one peer run one at a time; syncs with different peers run
   * side by side up to a bound, so a peer that stopped answering holds up no other.
   * A failed sync is recorded and thrown.
   */
  sync(peerId: string, options?: PeerCallOptions): Promise<PeerSyncOutcome>;
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
  /** Whether a sync with the peer runs or waits in the peer's line now. */
  activity(peerId: string): PeerActivity;
  /** The plain words of a stopped pairing, or null while it syncs on. */
  stopWordsOf(peer: PeerRecord): PeerStopWords | null;
  /** Sets an admin's schedule of a full-facility pairing (learn-only pairings sync by themselves). */
  setSchedule(peerId: string, schedule: PeerSchedule): PeerRecord;
  /** Unpairs: forgets the peer and this device's certificate for it. Deletes no data. */
  remove(peerId: string): void;
  /** Fires after a peer was added, changed schedule, synced, stopped or was removed. */
  onDidChangePeer(listener: (peerId: string) => void): Disposer;
}

/** What the peer service is built from. */
export interface PeerServiceOptions {
  readonly store: PeerStore;
  readonly certificates: CertificateStore;
  readonly instanceId: string;
  readonly connect: (transport: HttpSyncTransport, options: { readonly certificateId: string; readonly peerAddress: string }) => Promise<SyncConnection>;
  readonly onDidSyncProgress: (listener: (progress: SyncProgress) => void) => Disposer;
  readonly transportFor: (address: string, reach: PeerReach) => HttpSyncTransport;
  /** Syncs with different peers that may run at once (default 2). */
  readonly concurrency?: number;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Elapsed time for durations (real time even when the clock is a test's). */
  readonly elapsed?: () => number;
  readonly onListenerError: (error: unknown) => void;
  /** A facility's name for plain words (default: its id). */
  readonly facilityName?: (facilityId: string) => string | undefined;
  /** Waits before asking a busy peer for a place again (default 2 s). */
  readonly queueWait?: () => Promise<void>;
  /** How often a queued client asks again before giving up this time (default 300). */
  readonly maxQueueAsks?: number;
}

/** Creates the peer service of one device. */
export function createPeerService(options: PeerServiceOptions): PeerService {
  const { store, certificates, clock } = options;
  const elapsed = options.elapsed ?? (() => performance.now());
  const progress = createEmitter<PeerProgress>(options.onListenerError);
  // Syncs with one peer queue behind each other (they share transfers); a few peers at once at most,
  // so a 2-core device is not asked to merge many large transfers together. Every request to a peer
  // is time-bounded, so a slot held by a silent peer comes free.
  const perPeer = new Map<string, Promise<unknown>>();
  const slots = { free: Math.max(1, options.concurrency ?? 2), waiting: [] as (() => void)[] };
  const withSlot = async <T>(work: () => Promise<T>): Promise<T> => {
    if (slots.free > 0) slots.free--;
    else await new Promise<void>((resolve) => slots.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = slots.waiting.shift();
      if (next) next();
      else slots.free++;
    }
  };

  const changed = createEmitter<string>(options.onListenerError);
  const activities = new Map<string, PeerActivity>();
  const queueWait = options.queueWait ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 2_000)));
  const maxQueueAsks = options.maxQueueAsks ?? 300;

  const wordsOf = (peer: PeerRecord, reason: PeerStopReason) =>
    stopWords(reason, options.facilityName?.(peer.facilityId) ?? peer.facilityId, peer.name ?? new URL(peer.address).host);

  /** Why this failure means syncing must stop for good, or null for a failure worth retrying. */
  const stopReason = (error: unknown, replaced: boolean): PeerStopReason | null => {
    if (isCoreError(error, 'FACILITY_GONE') || isPeerWithoutDataset(error)) return replaced ? 'peer-replaced' : 'facility-gone';
    // Revoked: the peer refuses this device's certificate, or this device learnt of the revocation.
    if (isCertificateError(error, 'REVOKED')) return 'certificate-revoked';
    return null;
  };

  const connectInLine = async (peerId: string, connectTo: () => Promise<SyncConnection>): Promise<SyncConnection> => {
    for (let asks = 0; ; asks++) {
      try {
        return await connectTo();
      } catch (error) {
        if (!(isPeerRefusal(error) && error.code === 'SYNC_QUEUED') || asks >= maxQueueAsks) throw error;
        const position = Number(error.details?.find((detail) => detail.path === 'position')?.message ?? '1');
        activities.set(peerId, { state: 'queued', position: Number.isInteger(position) && position > 0 ? position : 1 });
        changed.fire(peerId);
        await queueWait();
      }
    }
  };

  const run = async (peerId: string, reach: PeerReach): Promise<PeerSyncOutcome> => {
    const peer = store.get(peerId);
    if (!peer) throw new CoreError('NOT_FOUND', `No peer with id "${peerId}".`);
    if (peer.stopped) {
      const words = wordsOf(peer, peer.stopped.reason);
      throw new CoreError('SYNC_STOPPED', words.message, [{ path: 'reason', message: words.reason }]);
    }
    const started = elapsed();
    activities.set(peerId, { state: 'syncing' });
    changed.fire(peerId);
    // Progress of this sync's own session only: another peer's sync may be running beside it.
    let sessionId: string | undefined;
    const stopListening = options.onDidSyncProgress((event) => {
      if (event.role === 'client' && event.syncSessionId === sessionId) progress.fire({ ...event, peerId });
    });
    let replaced = false;
    try {
      const transport = options.transportFor(peer.address, reach);
      // Who answers at that address now: its name for the peer list, and whether it is still the
      // device this one paired with (a reset device is a new instance).
      const info = await transport.deviceInfo();
      replaced = info.instanceId !== peer.peerInstanceId;
      // The instance id is kept until the peer answers for the facility: a reset device never does.
      if ((info.deviceName ?? null) !== peer.name) store.setIdentity(peerId, { name: info.deviceName ?? peer.name, peerInstanceId: peer.peerInstanceId });
      const connection = await connectInLine(peerId, () => options.connect(transport, { certificateId: peer.certificateId, peerAddress: peer.address }));
      activities.set(peerId, { state: 'syncing' });
      sessionId = connection.sessionId;
      // It answered for the facility: a new instance id is the same device moved or restored, not a reset.
      if (replaced) store.setIdentity(peerId, { name: info.deviceName ?? peer.name, peerInstanceId: connection.peerInstanceId });
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
      const reason = stopReason(error, replaced);
      const current = store.get(peerId) ?? peer;
      if (reason) {
        // Never a success, never a deletion: the pairing stops, with words, and waits for an admin.
        const words = wordsOf(current, reason);
        store.recordSync(peerId, { status: 'failed', pushed: 0, pulled: 0, durationMs: Math.round(elapsed() - started), finishedAt: clock.now(), error: words.message });
        store.stop(peerId, reason, clock.now());
        throw new CoreError('SYNC_STOPPED', words.message, [{ path: 'reason', message: reason }], { cause: error });
      }
      const ours = asOurError(error);
      store.recordSync(peerId, { status: 'failed', pushed: 0, pulled: 0, durationMs: Math.round(elapsed() - started), finishedAt: clock.now(), error: (ours as Error).message });
      throw ours;
    } finally {
      stopListening();
      activities.delete(peerId);
      changed.fire(peerId);
    }
  };

  const pair = async (input: AddPeerInput, reach: PeerReach): Promise<PeerRecord> => {
    const transport = options.transportFor(input.address, reach);
    // Checked against its schema by the transport: a peer that answers `{}` is no Outpost device.
    const info = await transport.deviceInfo();
    if (info.instanceId === options.instanceId) throw new CoreError('CONFLICT', 'That address is this device; pair with another one.');
    const publicKey = certificates.createKeyRequest();
    let kept = false;
    try {
      const answer: unknown = await transport.requestCertificate({
        facilityId: input.facilityId,
        scopeDefinition: input.scope ?? 'full-facility',
        publicKey,
        username: input.username,
        password: input.password,
      });
      // The peer's answer is checked before use: whatever it sends, a failure here is a bad peer (502), never ours.
      const chain = (answer as { chain?: unknown } | undefined)?.chain;
      const leaf = Array.isArray(chain) ? (chain[chain.length - 1] as Certificate | undefined) : undefined;
      if (!Array.isArray(chain) || !leaf || typeof leaf !== 'object' || leaf.publicKey !== publicKey) {
        throw new CoreError('PEER_UNREACHABLE', 'The other device answered with a certificate for another key.');
      }
      let verified: VerifiedChain;
      try {
        // Trusting the root: the user proved credentials of that facility to this very peer.
        verified = certificates.saveChain(chain, { trustRoot: true });
      } catch (error) {
        throw new CoreError('PEER_UNREACHABLE', `The other device answered with a certificate this device cannot verify: ${(error as Error).message}`, undefined, { cause: error });
      }
      kept = true;
      const userId = leaf.scopeDefinition === 'single-user' ? (leaf.scopeParams['user_id'] ?? null) : null;
      const previous = store.list().find((peer) => peer.address === transport.baseUrl && peer.datasetId === verified.datasetId && peer.userId === userId);
      const saved = store.save({ id: randomHex(options.random), address: transport.baseUrl, facilityId: input.facilityId, datasetId: verified.datasetId, certificateId: leaf.id, peerInstanceId: info.instanceId, userId, name: info.deviceName ?? null });
      changed.fire(saved.id);
      // Pairing again replaces the certificate: the old one (and its key) is of no use any more.
      if (previous && previous.certificateId !== leaf.id) certificates.forget(previous.certificateId);
      return saved;
    } finally {
      // A pairing that failed leaves no key behind.
      if (!kept) certificates.discardKeyRequest(publicKey);
    }
  };

  return Object.freeze({
    async add(input: AddPeerInput, callOptions: PeerCallOptions = {}) {
      try {
        return await pair(input, callOptions.reach ?? 'unicast');
      } catch (error) {
        throw asOurError(error);
      }
    },
    async facilitiesAt(address: string, callOptions: PeerCallOptions = {}) {
      const transport = options.transportFor(address, callOptions.reach ?? 'unicast');
      try {
        return { address: transport.baseUrl, facilities: (await transport.facilities()).facilities };
      } catch (error) {
        throw asOurError(error);
      }
    },
    sync(peerId: string, callOptions: PeerCallOptions = {}) {
      const previous = perPeer.get(peerId) ?? Promise.resolve();
      const next = previous.then(
        () => withSlot(() => run(peerId, callOptions.reach ?? 'unicast')),
        () => withSlot(() => run(peerId, callOptions.reach ?? 'unicast')),
      );
      const settled = next.catch(() => undefined);
      perPeer.set(peerId, settled);
      void settled.then(() => {
        if (perPeer.get(peerId) === settled) perPeer.delete(peerId);
      });
      return next;
    },
    forgetUsers(userIds: readonly string[]) {
      const pairings = store.ofUsers(userIds);
      for (const peer of pairings) {
        store.remove(peer.id);
        certificates.forget(peer.certificateId);
        changed.fire(peer.id);
      }
      return pairings.length;
    },
    activity: (peerId: string) => activities.get(peerId) ?? { state: 'idle' },
    stopWordsOf: (peer: PeerRecord) => (peer.stopped ? wordsOf(peer, peer.stopped.reason) : null),
    setSchedule(peerId: string, schedule: PeerSchedule) {
      if (!store.get(peerId)) throw new CoreError('NOT_FOUND', `No peer with id "${peerId}".`);
      const updated = store.setSchedule(peerId, schedule);
      changed.fire(peerId);
      return updated;
    },
    remove(peerId: string) {
      const peer = store.get(peerId);
      if (!peer) throw new CoreError('NOT_FOUND', `No peer with id "${peerId}".`);
      store.remove(peerId);
      certificates.forget(peer.certificateId);
      changed.fire(peerId);
    },
    onDidChangePeer: changed.on,
    isLearnOnly: () => !certificates.own().some((certificate) => certificate.scopeDefinition === 'full-facility'),
    get: (peerId: string) => store.get(peerId),
    list: () => store.list(),
    onDidProgress: progress.on,
  });
}
