import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, hostname, platform } from 'node:os';
import { resolve } from 'node:path';
import type { Clock } from '../../common/clock.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import { randomHex, type RandomSource } from '../../common/random-source.js';
import type { SyncStoreSchema } from './store-schema.js';

/**
 * Something that tells this machine from others: host name, platform and, where the OS has one,
 * its machine id. Only compared for equality, never sent anywhere.
 */
export function deviceFingerprint(): string {
  let machineId = '';
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      machineId = readFileSync(file, 'utf8').trim();
      break;
    } catch {
      // Not every OS has one; the host name still tells most devices apart.
    }
  }
  return [hostname(), platform(), arch(), machineId].join('\u0000');
}

/** What `currentInstanceId` needs. */
export interface InstanceIdentityOptions {
  readonly db: SqliteDatabase<SyncStoreSchema>;
  /** The database file; a copy of it elsewhere must not share this instance id. */
  readonly file: string;
  /** This machine's fingerprint (`deviceFingerprint()` unless a test pretends to be another device). */
  readonly device: string;
  readonly random: RandomSource;
  readonly clock: Clock;
}

/**
 * The sync instance id of this database, minting a new one when the file is new or has moved to
 * another path or device. Two copies of one file must never save under one instance id: their
 * counters would collide and peers would take one copy's records for the other's. A new instance
 * id is always fresh randomness, never an earlier id of this file, so a copy moved back cannot
 * revive counters the original has since used.
 */
export function currentInstanceId(options: InstanceIdentityOptions): string {
  const { db } = options;
  const location = createHash('sha256').update(`${options.device}\u0000${resolve(options.file)}`).digest('hex');
  return db.writeTransaction(() => {
    const current = db.first(db.kysely.selectFrom('sync_instance').selectAll().where('current', '=', 1));
    if (current && current.location === location) return current.instance_id;
    db.run(db.kysely.updateTable('sync_instance').set({ current: 0 }).where('current', '=', 1));
    const instanceId = randomHex(options.random);
    db.run(
      db.kysely.insertInto('sync_instance').values({
        instance_id: instanceId,
        database_id: current?.database_id ?? randomHex(options.random),
        location,
        counter: 0,
        current: 1,
        created_at: options.clock.now(),
      }),
    );
    return instanceId;
  });
}
