import type { Clock } from '../../common/clock.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { PeerSchema, SyncPeerTable } from './peer-schema.js';

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
}

/** The peers of this device. */
export interface PeerStore {
  /** Adds a peer, or updates the one with the same address, dataset and learner (pairing again replaces its certificate). */
  save(peer: Omit<PeerRecord, 'createdAt' | 'lastSync'>): PeerRecord;
  get(id: string): PeerRecord | undefined;
  list(): readonly PeerRecord[];
  recordSync(id: string, outcome: PeerSyncOutcome): PeerRecord;
  /** The single-user pairings of these learners. */
  ofUsers(userIds: readonly string[]): readonly PeerRecord[];
  remove(id: string): void;
}

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
  });
}

/** Creates the peer store over `db`. */
export function createPeerStore(db: SqliteDatabase<PeerSchema>, clock: Clock): PeerStore {
  const k = db.kysely;
  const get = (id: string) => {
    const row = db.first(k.selectFrom('sync_peer').selectAll().where('id', '=', id));
    return row ? toPeer(row) : undefined;
  };
  return Object.freeze({
    save(peer: Omit<PeerRecord, 'createdAt' | 'lastSync'>) {
      const id = db.writeTransaction(() => {
        const existing = db.first(
          k.selectFrom('sync_peer').select('id').where('address', '=', peer.address).where('dataset_id', '=', peer.datasetId).where('user_id', '=', peer.userId ?? ''),
        );
        if (existing) {
          db.run(
            k
              .updateTable('sync_peer')
              .set({ facility_id: peer.facilityId, certificate_id: peer.certificateId, peer_instance_id: peer.peerInstanceId })
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
            })
            .where('id', '=', id),
        ),
      );
      return get(id)!;
    },
  });
}
