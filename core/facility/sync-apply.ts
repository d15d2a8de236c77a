import { z } from 'zod';
import type { ApplyOutcome, IncomingRecord } from '../sync/model/syncable-model.js';
import type { ClassRepository } from './class-repository.js';
import type { WriteScope } from './facility-write-path.js';
import { insertMark, updateMark, type FacilityModelName } from './sync-bookkeeping.js';
import type { UserRepository } from './user-repository.js';

// The serialized form of each model: its row's columns, snake_case, without `sync_dirty`. Unknown
// fields are ignored so that a newer peer's extra columns do not stop an older device.
const id = z.string().min(1).max(64);
const time = z.string().min(1).max(40);
const name = z.string().min(1).max(200);
const recordSchemas = {
  facilitydataset: z.object({ id, description: z.string().max(2000).default(''), date_created: time }),
  facility: z.object({ id, dataset_id: id, name, date_created: time }),
  facilityuser: z.object({
    id,
    facility_id: id,
    dataset_id: id,
    username: z.string().min(1).max(125),
    full_name: z.string().max(200),
    password_hash: z.string().min(1).max(500),
    birth_year: z.number().int().nullable().default(null),
    gender: z.string().max(40).nullable().default(null),
    id_number: z.string().max(64).nullable().default(null),
    date_created: time,
    date_deleted: time.nullable().default(null),
  }),
  role: z.object({ id, user_id: id, facility_id: id, classroom_id: id.nullable().default(null), dataset_id: id, kind: z.enum(['admin', 'coach']) }),
  classroom: z.object({ id, facility_id: id, dataset_id: id, name, date_created: time }),
  learnergroup: z.object({ id, classroom_id: id, facility_id: id, dataset_id: id, name, date_created: time }),
  membership: z.object({ id, user_id: id, classroom_id: id, learner_group_id: id.nullable().default(null), dataset_id: id }),
} satisfies Record<FacilityModelName, z.ZodType>;

/** Applies records of one facility model that arrived from a peer, through the repositories. */
export interface SyncApplier {
  /** Applies each record in its own savepoint of the caller's write; a refused record does not undo the others. */
  apply(scope: WriteScope, modelName: FacilityModelName, records: readonly IncomingRecord[]): ApplyOutcome[];
}

function describe(error: unknown): string {
  if (error instanceof z.ZodError) return `invalid record: ${error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`;
  return error instanceof Error ? error.message : String(error);
}

/** Creates the applier over the repositories, so synced rows take the same write path as local ones. */
export function createSyncApplier(repositories: { readonly users: UserRepository; readonly classes: ClassRepository }): SyncApplier {
  const { users, classes } = repositories;

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
    users.insert(scope, [
      {
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
      },
    ]);
  };

  const upsert = (scope: WriteScope, modelName: Exclude<FacilityModelName, 'facilityuser'>, raw: unknown) => {
    const { db } = scope;
    const k = db.kysely;
    const mark = insertMark(scope);
    const touched = updateMark(scope);
    switch (modelName) {
      case 'facilitydataset': {
        const row = recordSchemas.facilitydataset.parse(raw);
        db.run(k.insertInto('facility_dataset').values({ ...row, ...mark }).onConflict((c) => c.column('id').doUpdateSet({ description: row.description, ...touched })));
        return;
      }
      case 'facility': {
        const row = recordSchemas.facility.parse(raw);
        db.run(k.insertInto('facility').values({ ...row, ...mark }).onConflict((c) => c.column('id').doUpdateSet({ name: row.name, ...touched })));
        return;
      }
      case 'classroom': {
        const row = recordSchemas.classroom.parse(raw);
        db.run(k.insertInto('classroom').values({ ...row, ...mark }).onConflict((c) => c.column('id').doUpdateSet({ name: row.name, ...touched })));
        return;
      }
      case 'learnergroup': {
        const row = recordSchemas.learnergroup.parse(raw);
        db.run(k.insertInto('learner_group').values({ ...row, ...mark }).onConflict((c) => c.column('id').doUpdateSet({ name: row.name, ...touched })));
        return;
      }
      case 'role': {
        const row = recordSchemas.role.parse(raw);
        // Two devices may have granted the same role under different ids: the peer's copy replaces ours.
        let twin = k.deleteFrom('role').where('user_id', '=', row.user_id).where('kind', '=', row.kind).where('id', '!=', row.id);
        twin = row.classroom_id === null ? twin.where('classroom_id', 'is', null) : twin.where('classroom_id', '=', row.classroom_id);
        db.run(twin);
        db.run(k.insertInto('role').values({ ...row, ...mark }).onConflict((c) => c.column('id').doUpdateSet({ kind: row.kind, ...touched })));
        return;
      }
      case 'membership': {
        const row = recordSchemas.membership.parse(raw);
        let twin = k.deleteFrom('membership').where('user_id', '=', row.user_id).where('classroom_id', '=', row.classroom_id).where('id', '!=', row.id);
        twin = row.learner_group_id === null ? twin.where('learner_group_id', 'is', null) : twin.where('learner_group_id', '=', row.learner_group_id);
        db.run(twin);
        db.run(k.insertInto('membership').values({ ...row, ...mark }).onConflict((c) => c.column('id').doNothing()));
        return;
      }
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
        db.run(db.kysely.deleteFrom('role').where('id', '=', rowId));
        return;
      case 'membership':
        db.run(db.kysely.deleteFrom('membership').where('id', '=', rowId));
        return;
      case 'facility':
      case 'facilitydataset':
        // Facility deletion is local to a device (see `purge`); a peer never sends one.
        throw new Error(`A ${modelName} is never deleted by sync; remove the facility on this device instead.`);
    }
  };

  return Object.freeze({
    apply(scope: WriteScope, modelName: FacilityModelName, records: readonly IncomingRecord[]): ApplyOutcome[] {
      if (scope.origin !== 'sync') throw new Error('Records from a peer are applied in a write of origin "sync".');
      return records.map((record): ApplyOutcome => {
        try {
          // A savepoint per record: a refused record is rolled back alone and retried on the next sync.
          const deleted: string[] = [];
          const recordScope: WriteScope = { ...scope, usersBecameDeleted: (ids) => void deleted.push(...ids) };
          scope.db.writeTransaction(() => {
            if (record.deleted || record.hardDeleted || record.data === null) {
              remove(recordScope, modelName, record.sourceId);
            } else if (record.data['id'] !== record.sourceId) {
              throw new Error(`record ${record.recordId}: its data's id does not match its source id "${record.sourceId}"`);
            } else if (modelName === 'facilityuser') {
              applyUser(recordScope, recordSchemas.facilityuser.parse(record.data));
            } else {
              upsert(recordScope, modelName, record.data);
            }
          });
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
