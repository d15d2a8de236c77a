import { z } from 'zod';
import type { JsonObject } from '../sync/model/json-value.js';
import type { ApplyOutcome, IncomingRecord } from '../sync/model/syncable-model.js';
import type { ClassRepository } from './class-repository.js';
import type { FacilityRepository } from './facility-repository.js';
import type { WriteScope } from './facility-write-path.js';
import type { MembershipRepository } from './membership-repository.js';
import type { RoleRepository } from './role-repository.js';
import type { FacilityModelName } from './sync-bookkeeping.js';
import { facilityRecordSchemas as recordSchemas } from './sync-record-schemas.js';
import { newUserRow as buildUserRow, type NewUserRow, type UserRepository } from './user-repository.js';


/** Applies records of one facility model that arrived from a peer, through the repositories. */
export interface SyncApplier {
  /** Applies each record in its own savepoint of the caller's write; a refused record does not undo the others. */
  apply(scope: WriteScope, modelName: FacilityModelName, records: readonly IncomingRecord[]): ApplyOutcome[];
  /**
   * Writes one record's data, chosen by an admin from a sync conflict, as a local edit: the row is
   * marked dirty and its removal bookkept like any other local write. Throws if the data is refused.
   */
  applyChosen(scope: WriteScope, modelName: FacilityModelName, data: JsonObject): void;
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) return `invalid record: ${error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`;
  return error instanceof Error ? error.message : String(error);
}

function newUserRow(data: z.output<(typeof recordSchemas)['facilityuser']>): NewUserRow {
  return buildUserRow({
    id: data.id,
    facilityId: data.facility_id,
    datasetId: data.dataset_id,
    username: data.username,
    fullName: data.full_name,
    passwordHash: data.password_hash,
    birthYear: data.birth_year,
    gender: data.gender,
    idNumber: data.id_number,
    // Roles arrive as records of their own.
    kind: 'learner',
    dateCreated: data.date_created,
    dateDeleted: data.date_deleted,
  });
}

/** The repositories a peer's records are written through: each table's only writer. */
export interface SyncApplierRepositories {
  readonly facilities: FacilityRepository;
  readonly users: UserRepository;
  readonly classes: ClassRepository;
  readonly roles: RoleRepository;
  readonly memberships: MembershipRepository;
}

/** Creates the applier over the repositories, so synced rows take the same write path as local ones. */
export function createSyncApplier(repositories: SyncApplierRepositories): SyncApplier {
  const { facilities, users, classes, roles, memberships } = repositories;

  const applyUser = (scope: WriteScope, data: z.output<(typeof recordSchemas)['facilityuser']>) => {
    const [current] = scope.db.all(scope.db.kysely.selectFrom('facility_user').select('id').where('id', '=', data.id));
    if (current) {
      // Facility and dataset are part of the record's partition and never change.
      users.change(scope, [data.id], {
        username: data.username,
        fullName: data.full_name,
        passwordHash: data.password_hash,
        birthYear: data.birth_year,
        gender: data.gender,
        idNumber: data.id_number,
        dateDeleted: data.date_deleted,
      });
      return;
    }
    users.insert(scope, [newUserRow(data)]);
  };

  // Twins (the same role or membership under two ids) are settled by the role and membership
  // repositories: every device keeps the twin with the smallest id.
  const upsert = (scope: WriteScope, modelName: Exclude<FacilityModelName, 'facilityuser'>, raw: unknown) => {
    switch (modelName) {
      case 'facilitydataset':
        return facilities.applySyncedDataset(scope, recordSchemas.facilitydataset.parse(raw));
      case 'facility':
        return facilities.applySyncedFacility(scope, recordSchemas.facility.parse(raw));
      case 'classroom':
        return classes.applySyncedClass(scope, recordSchemas.classroom.parse(raw));
      case 'learnergroup':
        return classes.applySyncedGroup(scope, recordSchemas.learnergroup.parse(raw));
      case 'role':
        return roles.applySynced(scope, recordSchemas.role.parse(raw));
      case 'membership':
        return memberships.applySynced(scope, recordSchemas.membership.parse(raw));
    }
  };

  const remove = (scope: WriteScope, modelName: FacilityModelName, rowId: string) => {
    const { db } = scope;
    switch (modelName) {
      case 'facilityuser':
        users.hardDelete(scope, [rowId]);
        return;
      case 'classroom':
        if (db.first(db.kysely.selectFrom('classroom').select('id').where('id', '=', rowId))) classes.delete(scope, [rowId]);
        return;
      case 'learnergroup':
        classes.deleteGroups(scope, [rowId]);
        return;
      case 'role':
        roles.delete(scope, [rowId]);
        return;
      case 'membership':
        memberships.delete(scope, [rowId]);
        return;
      case 'facility':
      case 'facilitydataset':
        // Facility deletion is local to a device (see `purge`); a peer never sends one.
        throw new Error(`A ${modelName} is never deleted by sync; remove the facility on this device instead.`);
    }
  };

  const applyOne = (scope: WriteScope, modelName: FacilityModelName, record: IncomingRecord) => {
    if (record.deleted || record.hardDeleted || record.data === null) {
      remove(scope, modelName, record.sourceId);
    } else if (record.data['id'] !== record.sourceId) {
      throw new Error(`record ${record.recordId}: its data's id does not match its source id "${record.sourceId}"`);
    } else if (modelName === 'facilityuser') {
      applyUser(scope, recordSchemas.facilityuser.parse(record.data));
    } else {
      upsert(scope, modelName, record.data);
    }
  };

  // New users of a page arrive in one repository insert (one username check, multi-row INSERTs)
  // instead of a check and an insert each: on a first import nearly every user is new.
  const applyUsers = (scope: WriteScope, records: readonly IncomingRecord[]) => {
    const upserts: z.output<(typeof recordSchemas)['facilityuser']>[] = [];
    for (const record of records) {
      if (record.deleted || record.hardDeleted || record.data === null || record.data['id'] !== record.sourceId) applyOne(scope, 'facilityuser', record);
      else upserts.push(recordSchemas.facilityuser.parse(record.data));
    }
    if (upserts.length === 0) return;
    const known = new Set(users.findMany(scope, upserts.map((data) => data.id)).map((user) => user.id));
    const fresh = upserts.filter((data) => !known.has(data.id));
    for (const data of upserts) if (known.has(data.id)) applyUser(scope, data);
    users.insert(scope, fresh.map((data) => newUserRow(data)));
  };

  // Memberships of a page in multi-row INSERTs. A twin (the same membership under another id) hits
  // the natural-key unique index and throws, which sends the page down the one-by-one path that
  // replaces twins.
  const insertMemberships = (scope: WriteScope, records: readonly IncomingRecord[]) => {
    const rows: z.output<(typeof recordSchemas)['membership']>[] = [];
    for (const record of records) {
      if (record.deleted || record.hardDeleted || record.data === null || record.data['id'] !== record.sourceId) applyOne(scope, 'membership', record);
      else rows.push(recordSchemas.membership.parse(record.data));
    }
    memberships.insertSynced(scope, rows);
  };

  /** The whole page in the caller's transaction, no savepoint per record; throws if any record is refused. */
  const applyPage = (scope: WriteScope, modelName: FacilityModelName, records: readonly IncomingRecord[]) => {
    if (modelName === 'facilityuser') applyUsers(scope, records);
    else if (modelName === 'membership') insertMemberships(scope, records);
    else for (const record of records) applyOne(scope, modelName, record);
  };

  return Object.freeze({
    applyChosen(scope: WriteScope, modelName: FacilityModelName, data: JsonObject): void {
      if (scope.origin !== 'local') throw new Error('A value chosen by an admin is applied in a write of origin "local".');
      const sourceId = typeof data['id'] === 'string' ? data['id'] : '';
      applyOne(scope, modelName, { recordId: '', sourceId, partition: '', data, deleted: false, hardDeleted: false });
    },
    apply(scope: WriteScope, modelName: FacilityModelName, records: readonly IncomingRecord[]): ApplyOutcome[] {
      if (scope.origin !== 'sync') throw new Error('Records from a peer are applied in a write of origin "sync".');
      // First the whole page in one savepoint: a savepoint and a compiled statement per record
      // cost more than the records themselves. If any record is refused the page is rolled back
      // and applied again one record at a time, so that only the refused ones are left out.
      if (records.length > 1) {
        const deleted: string[] = [];
        try {
          scope.db.writeTransaction(() => applyPage({ ...scope, usersBecameDeleted: (ids) => void deleted.push(...ids) }, modelName, records));
          scope.usersBecameDeleted(deleted);
          return records.map(() => ({ ok: true }));
        } catch {
          // Fall through to one at a time.
        }
      }
      return records.map((record): ApplyOutcome => {
        try {
          // A savepoint per record: a refused record is rolled back alone and retried on the next sync.
          const deleted: string[] = [];
          const recordScope: WriteScope = { ...scope, usersBecameDeleted: (ids) => void deleted.push(...ids) };
          scope.db.writeTransaction(() => applyOne(recordScope, modelName, record));
          // Only once the record's savepoint is released: a refused record deleted nobody.
          scope.usersBecameDeleted(deleted);
          return { ok: true };
        } catch (error) {
          return { ok: false, error: describe(error) };
        }
      });
    },
  });
}
