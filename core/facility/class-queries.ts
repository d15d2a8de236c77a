import { sql } from 'kysely';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { ClassroomDetail, ClassroomRecord, FacilityUserRecord, LearnerGroupRecord } from './facility-records.js';
import type { FacilitySchema } from './facility-schema.js';
import type { UserQueries } from './user-queries.js';

/** Reads of classes and groups. Read-only: writes go through the class repository. */
export interface ClassQueries {
  /** The classes of a facility by name; only those `coachId` coaches when given. */
  list(facilityId: string, options?: { readonly coachId?: string }): ClassroomRecord[];
  /** The class, or undefined. */
  get(classId: string): ClassroomRecord | undefined;
  /** The class with its active learners and coaches, or undefined. */
  detail(classId: string): ClassroomDetail | undefined;
  /** The learner groups of a class. */
  groups(classId: string): LearnerGroupRecord[];
  /** Whether the user holds a coach role for the class. */
  isCoachOf(userId: string, classId: string): boolean;
  /** Whether `coachId` coaches a class `learnerId` is a learner of. */
  coachesLearner(coachId: string, learnerId: string): boolean;
}

/** Creates the class queries. */
export function createClassQueries(db: SqliteDatabase<FacilitySchema>, users: UserQueries): ClassQueries {
  const select = () =>
    db.kysely
      .selectFrom('classroom as c')
      .select([
        'c.id',
        'c.facility_id',
        'c.name',
        'c.date_created',
        sql<number>`(select count(*) from membership m join facility_user u on u.id = m.user_id
          where m.classroom_id = c.id and m.learner_group_id is null and u.date_deleted is null)`.as('learner_count'),
        sql<number>`(select count(*) from role r join facility_user u on u.id = r.user_id
          where r.classroom_id = c.id and r.kind = 'coach' and u.date_deleted is null)`.as('coach_count'),
      ]);
  const toRecord = (row: { id: string; facility_id: string; name: string; date_created: string; learner_count: number; coach_count: number }): ClassroomRecord =>
    Object.freeze({ id: row.id, facilityId: row.facility_id, name: row.name, dateCreated: row.date_created, learnerCount: row.learner_count, coachCount: row.coach_count });
  const active = (records: FacilityUserRecord[]) =>
    records.filter((user) => user.dateDeleted === null).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));

  const get = (classId: string) => {
    const row = db.first(select().where('c.id', '=', classId));
    return row ? toRecord(row) : undefined;
  };

  return Object.freeze({
    list(facilityId: string, options: { readonly coachId?: string } = {}) {
      let query = select().where('c.facility_id', '=', facilityId);
      if (options.coachId !== undefined) {
        const coachId = options.coachId;
        query = query.where((eb) =>
          eb.exists(eb.selectFrom('role as r').select('r.id').whereRef('r.classroom_id', '=', 'c.id').where('r.user_id', '=', coachId).where('r.kind', '=', 'coach')),
        );
      }
      return db.all(query.orderBy('c.name').orderBy('c.id')).map(toRecord);
    },
    get,
    detail(classId: string) {
      const record = get(classId);
      if (!record) return undefined;
      const learnerIds = db
        .all(db.kysely.selectFrom('membership').select('user_id').where('classroom_id', '=', classId).where('learner_group_id', 'is', null))
        .map((row) => row.user_id);
      const coachIds = db
        .all(db.kysely.selectFrom('role').select('user_id').where('classroom_id', '=', classId).where('kind', '=', 'coach'))
        .map((row) => row.user_id);
      return Object.freeze({ ...record, learners: Object.freeze(active(users.getMany(learnerIds))), coaches: Object.freeze(active(users.getMany(coachIds))) });
    },
    groups(classId: string) {
      const groups = db.all(db.kysely.selectFrom('learner_group').select(['id', 'classroom_id', 'name']).where('classroom_id', '=', classId).orderBy('name'));
      const members = db.all(
        db.kysely.selectFrom('membership').select(['learner_group_id', 'user_id']).where('classroom_id', '=', classId).where('learner_group_id', 'is not', null),
      );
      return groups.map((group) =>
        Object.freeze({
          id: group.id,
          classroomId: group.classroom_id,
          name: group.name,
          learnerIds: Object.freeze(members.filter((member) => member.learner_group_id === group.id).map((member) => member.user_id)),
        }),
      );
    },
    isCoachOf(userId: string, classId: string) {
      return (
        db.first(db.kysely.selectFrom('role').select('id').where('user_id', '=', userId).where('classroom_id', '=', classId).where('kind', '=', 'coach')) !== undefined
      );
    },
    coachesLearner(coachId: string, learnerId: string) {
      return (
        db.first(
          db.kysely
            .selectFrom('role as r')
            .innerJoin('membership as m', 'm.classroom_id', 'r.classroom_id')
            .select('r.id')
            .where('r.user_id', '=', coachId)
            .where('r.kind', '=', 'coach')
            .where('m.user_id', '=', learnerId)
            .limit(1),
        ) !== undefined
      );
    },
  });
}
