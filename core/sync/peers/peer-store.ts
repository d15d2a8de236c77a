import type { Clock } from '../../common/clock.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import { formatPeerSchedule, parsePeerSchedule, type PeerSchedule } from './peer-schedule.js';
import type { PeerSchema, SyncPeerTable } from './peer-schema.js';

/**
 * Why syncing with a peer stopped for good, until an admin pairs again or unpairs: the peer no
 * longer holds the facility, it refuses this device's certificate as revoked, or it is another
 * device now (reset: a new instance without the facility). Nothing is deleted here in any case.
 */
export type PeerStopReason = 'facility-gone' | 'certificate-revoked' | 'peer-replaced';

/** A stopped pairing: why and since when. */
export interface PeerStop {
  readonly reason: PeerStopReason;
  readonly at: number;
}

/** How the last sync with a peer ended. */
export type PeerSyncStatus = 'completed' | 'incomplete' | 'failed';

/** What the last sync with a peer did. */
export interface PeerSyncOutcome {
  readonly status: PeerSyncStatus;
  readonly pushed: number;
  readonly pulled: number;
  readonly durationMs: number;
  /** Milliseconds since the epoch. */
  readonly finishedAt: number;
  readonly error: string | null;
}

/** A peer as this device keeps it. */
export interface PeerRecord {
  readonly id: string;
  readonly address: string;
  readonly facilityId: string;
  readonly datasetId: string;
  readonly certificateId: string;
  readonly peerInstanceId: string;
  /** The learner this device syncs with the peer (a learn-only device's `single-user` pairing); null for the whole facility. */
  readonly userId: string | null;
  readonly createdAt: number;
  readonly lastSync: PeerSyncOutcome | null;
  /** The peer's own name for itself, as its device info last told it; null before it told one. */
  readonly name: string | null;
  /** When a sync with it last completed (ms), or null. */
  readonly lastSuccessAt: number | null;
  /** Failed syncs in a row (0 after a success). */
  readonly consecutiveFailures: number;
  /** Set when syncing stopped for good (see `PeerStopReason`). */
  readonly stopped: PeerStop | null;
  /** An admin's schedule for a full-facility pairing; learn-only pairings sync by themselves. */
  readonly schedule: PeerSchedule;
}

/** The peers of this device. */
export interface PeerStore {
  /** Adds a peer, or updates the one with the same address, dataset and learner (pairing again replaces its certificate). */
  save(peer: Pick<PeerRecord, 'id' | 'address' | 'facilityId' | 'datasetId' | 'certificateId' | 'peerInstanceId' | 'userId' | 'name'>): PeerRecord;
  get(id: string): PeerRecord | undefined;
  list(): readonly PeerRecord[];
  recordSync(id: string, outcome: PeerSyncOutcome): PeerRecord;
  /** The single-user pairings of these learners. */
  ofUsers(userIds: readonly string[]): readonly PeerRecord[];
  remove(id: string): void;
  /** Remembers the peer's name (and instance id) as its device info told them. */
  setIdentity(id: string, identity: { readonly name: string | null; readonly peerInstanceId: string }): void;
  setSchedule(id: string, schedule: PeerSchedule): PeerRecord;
  /** Stops syncing with the peer for good (pairing again clears it). */
  stop(id: string, reason: PeerStopReason, at: number): PeerRecord;
}

const STOP_REASONS: readonly string[] = ['facility-gone', 'certificate-revoked', 'peer-replaced'];

function toPeer(row: SyncPeerTable): PeerRecord {
  return Object.freeze({
    id: row.id,
    address: row.address,
    facilityId: row.facility_id,
    datasetId: row.dataset_id,
    certificateId: row.certificate_id,
    peerInstanceId: row.peer_instance_id,
    userId: row.user_id === '' ? null : row.user_id,
    createdAt: row.created_at,
    lastSync:
      row.last_sync_at === null
        ? null
        : Object.freeze({
            status: (row.last_status ?? 'failed') as PeerSyncStatus,
            pushed: row.last_pushed ?? 0,
            pulled: row.last_pulled ?? 0,
            durationMs: row.last_duration_ms ?? 0,
            finishedAt: row.last_sync_at,
            error: row.last_error,
          }),
    name: row.peer_name,
    lastSuccessAt: row.last_success_at,
    consecutiveFailures: row.consecutive_failures ?? 0,
    stopped: row.stopped_reason !== null && STOP_REASONS.includes(row.stopped_reason) ? Object.freeze({ reason: row.stopped_reason as PeerStopReason, at: row.stopped_at ?? 0 }) : null,
    schedule: parsePeerSchedule(row.schedule),
  });
}

/** Creates the peer store over `db`. */
export function createPeerStore(db: SqliteDatabase<PeerSchema>, clock: Clock): PeerStore {
  const k = db.kysely;
  const get = (id: string) => {
    const row = db.first(k.selectFrom('sync_peer').selectAll().where('id', '=', id));
    return row ? toPeer(row) : undefined;
  };
  const store: PeerStore = {
    save(peer) {
      const id = db.writeTransaction(() => {
        const existing = db.first(
          k.selectFrom('sync_peer').select('id').where('address', '=', peer.address).where('dataset_id', '=', peer.datasetId).where('user_id', '=', peer.userId ?? ''),
        );
        if (existing) {
          db.run(
            k
              .updateTable('sync_peer')
              // Pairing again is how an admin resumes a stopped pairing.
              .set({ facility_id: peer.facilityId, certificate_id: peer.certificateId, peer_instance_id: peer.peerInstanceId, peer_name: peer.name, stopped_reason: null, stopped_at: null, consecutive_failures: 0 })
              .where('id', '=', existing.id),
          );
          return existing.id;
        }
        db.run(
          k.insertInto('sync_peer').values({
            id: peer.id,
            address: peer.address,
            facility_id: peer.facilityId,
            dataset_id: peer.datasetId,
            certificate_id: peer.certificateId,
            peer_instance_id: peer.peerInstanceId,
            user_id: peer.userId ?? '',
            created_at: clock.now(),
            last_sync_at: null,
            last_status: null,
            last_pushed: null,
            last_pulled: null,
            last_duration_ms: null,
            last_error: null,
            peer_name: peer.name,
            last_success_at: null,
            consecutive_failures: 0,
            stopped_reason: null,
            stopped_at: null,
            schedule: 'manual',
          }),
        );
        return peer.id;
      });
      return get(id)!;
    },
    get,
    ofUsers(userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      return db.all(k.selectFrom('sync_peer').selectAll().where('user_id', 'in', [...userIds])).map(toPeer);
    },
    remove(id: string) {
      db.writeTransaction(() => db.run(k.deleteFrom('sync_peer').where('id', '=', id)));
    },
    list: () => db.all(k.selectFrom('sync_peer').selectAll().orderBy('created_at').orderBy('id')).map(toPeer),
    recordSync(id: string, outcome: PeerSyncOutcome) {
      db.writeTransaction(() =>
        db.run(
          k
            .updateTable('sync_peer')
            .set({
              last_sync_at: outcome.finishedAt,
              last_status: outcome.status,
              last_pushed: outcome.pushed,
              last_pulled: outcome.pulled,
              last_duration_ms: outcome.durationMs,
              last_error: outcome.error,
              ...(outcome.status === 'completed' ? { last_success_at: outcome.finishedAt, consecutive_failures: 0 } : {}),
            })
            .where('id', '=', id),
        ),
      );
      if (outcome.status === 'failed') db.writeTransaction(() => db.run(k.updateTable('sync_peer').set((eb) => ({ consecutive_failures: eb(eb.fn.coalesce('consecutive_failures', eb.lit(0)), '+', 1) })).where('id', '=', id)));
      return get(id)!;
    },
    setIdentity(id, identity) {
      db.writeTransaction(() => db.run(k.updateTable('sync_peer').set({ peer_name: identity.name, peer_instance_id: identity.peerInstanceId }).where('id', '=', id)));
    },
    setSchedule(id, schedule) {
      db.writeTransaction(() => db.run(k.updateTable('sync_peer').set({ schedule: formatPeerSchedule(schedule) }).where('id', '=', id)));
      return get(id)!;
    },
    stop(id, reason, at) {
      db.writeTransaction(() => db.run(k.updateTable('sync_peer').set({ stopped_reason: reason, stopped_at: at }).where('id', '=', id)));
      return get(id)!;
    },
  };
  return Object.freeze(store);
}
