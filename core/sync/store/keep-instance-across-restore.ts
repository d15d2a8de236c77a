import type { SqliteDatabase } from '../../db/sqlite-database.js';
import type { SyncStoreSchema } from './store-schema.js';

/** The running device's sync instance row, read before a restore and put back after it. */
export interface RunningInstance {
  readonly instance_id: string;
  readonly database_id: string;
  readonly location: string;
  readonly counter: number;
  readonly created_at: number;
}

/** The current sync instance of `db`, or undefined before one was minted. */
export function readRunningInstance(db: SqliteDatabase<SyncStoreSchema>): RunningInstance | undefined {
  return db.first(db.kysely.selectFrom('sync_instance').select(['instance_id', 'database_id', 'location', 'counter', 'created_at']).where('current', '=', 1));
}

/**
 * After a backup was copied over `db`: the backup's instances become history and the running
 * device keeps saving as its own instance (a fresh one it minted at start-up, never in the
 * backup). The backup's instance counters are thus never used again, here or on the device it
 * came from, and peers see this device as a new instance that already holds the data.
 */
export function keepInstanceAcrossRestore(db: SqliteDatabase<SyncStoreSchema>, running: RunningInstance): void {
  db.writeTransaction(() => {
    db.run(db.kysely.updateTable('sync_instance').set({ current: 0 }).where('current', '=', 1));
    const restored = db.first(db.kysely.selectFrom('sync_instance').select(['instance_id']).where('instance_id', '=', running.instance_id));
    if (restored) {
      // Only if the backup was taken on this very database: keep the higher counter.
      db.run(db.kysely.updateTable('sync_instance').set((eb) => ({ current: 1, location: running.location, counter: eb.fn('max', [eb.ref('counter'), eb.val(running.counter)]) })).where('instance_id', '=', running.instance_id));
      return;
    }
    db.run(db.kysely.insertInto('sync_instance').values({ ...running, current: 1 }));
  });
}
