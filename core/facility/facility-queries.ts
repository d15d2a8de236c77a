import { sql } from 'kysely';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { FacilityRecord } from './facility-records.js';
import type { FacilitySchema } from './facility-schema.js';

/** Reads of facilities and device settings. Read-only: writes go through the facility repository. */
export interface FacilityQueries {
  /** Every facility on the device, by name. */
  list(): FacilityRecord[];
  /** The facility, or undefined. */
  get(facilityId: string): FacilityRecord | undefined;
  /** Whether first-run setup has happened. */
  isProvisioned(): boolean;
  /** The facility chosen at setup (sign-in prefers it when a username exists in several). */
  defaultFacilityId(): string | undefined;
  /** Whether a facility of this dataset is on the device. */
  holdsDataset(datasetId: string): boolean;
  /** The name an admin gave this device, or null. */
  deviceName(): string | null;
}

/** Creates the facility queries over the facility database. */
export function createFacilityQueries(db: SqliteDatabase<FacilitySchema>): FacilityQueries {
  const select = () =>
    db.kysely
      .selectFrom('facility as f')
      .select([
        'f.id',
        'f.name',
        'f.dataset_id',
        'f.date_created',
        sql<number>`(select count(*) from facility_user u where u.facility_id = f.id and u.date_deleted is null)`.as('user_count'),
        sql<number>`(select count(*) from classroom c where c.facility_id = f.id)`.as('class_count'),
      ]);
  const toRecord = (row: { id: string; name: string; dataset_id: string; date_created: string; user_count: number; class_count: number }): FacilityRecord =>
    Object.freeze({ id: row.id, name: row.name, datasetId: row.dataset_id, dateCreated: row.date_created, userCount: row.user_count, classCount: row.class_count });

  return Object.freeze({
    list: () => db.all(select().orderBy('f.name').orderBy('f.id')).map(toRecord),
    get(facilityId: string) {
      const row = db.first(select().where('f.id', '=', facilityId));
      return row ? toRecord(row) : undefined;
    },
    isProvisioned: () => db.first(db.kysely.selectFrom('device_settings').select('id').where('id', '=', 1)) !== undefined,
    holdsDataset: (datasetId: string) => db.first(db.kysely.selectFrom('facility').select('id').where('dataset_id', '=', datasetId).limit(1)) !== undefined,
    deviceName: () => db.first(db.kysely.selectFrom('device_settings').select('device_name').where('id', '=', 1))?.device_name ?? null,
    defaultFacilityId: () => db.first(db.kysely.selectFrom('device_settings').select('default_facility_id').where('id', '=', 1))?.default_facility_id ?? undefined,
  });
}
