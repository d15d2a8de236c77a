import type { Clock } from '../../common/clock.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { PeerSchema, SyncClientTable } from './peer-schema.js';

/** A device that opened a sync session with this one: who it is, from where, and when. */
export interface SyncClientRecord {
  readonly instanceId: string;
  readonly datasetId: string;
  /** The learner of a learn-only device's single-user certificate; null for a full device. */
  readonly userId: string | null;
  /** The name it gave itself; null for a device too old to tell it. */
  readonly deviceName: string | null;
  readonly address: string;
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
}

/** The devices that synced with this one as clients, so a server can name "Room 2's laptop" too. */
export interface SyncClientStore {
  /** Remembers a session opened by a client (once per device, dataset and learner; the latest name and address win). */
  record(client: Pick<SyncClientRecord, 'instanceId' | 'datasetId' | 'userId' | 'deviceName' | 'address'>): void;
  /** The clients of a dataset (every dataset when omitted), most recently seen first. */
  list(datasetId?: string): readonly SyncClientRecord[];
}

function toClient(row: SyncClientTable): SyncClientRecord {
  return Object.freeze({
    instanceId: row.instance_id,
    datasetId: row.dataset_id,
    userId: row.user_id === '' ? null : row.user_id,
    deviceName: row.device_name,
    address: row.address,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  });
}

/** Creates the client store over `db`. */
export function createSyncClientStore(db: SqliteDatabase<PeerSchema>, clock: Clock): SyncClientStore {
  const k = db.kysely;
  const store: SyncClientStore = {
    record(client) {
      const now = clock.now();
      db.writeTransaction(() =>
        db.run(
          k
            .insertInto('sync_client')
            .values({ instance_id: client.instanceId, dataset_id: client.datasetId, user_id: client.userId ?? '', device_name: client.deviceName, address: client.address, first_seen_at: now, last_seen_at: now })
            .onConflict((conflict) => conflict.columns(['instance_id', 'dataset_id', 'user_id']).doUpdateSet({ device_name: client.deviceName, address: client.address, last_seen_at: now })),
        ),
      );
    },
    list(datasetId?: string) {
      let query = k.selectFrom('sync_client').selectAll();
      if (datasetId !== undefined) query = query.where('dataset_id', '=', datasetId);
      // A server has a few hundred clients at most: sorting them is cheap.
      return db.all(query.orderBy('last_seen_at', 'desc').limit(1_000)).map(toClient);
    },
  };
  return Object.freeze(store);
}
