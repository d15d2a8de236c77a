import { sql, type Expression, type SqlBool } from 'kysely';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { FacilityUserRecord, UserKind, UserPage, UserQuery, UserScope, UserSortKey } from './facility-records.js';
import type { FacilitySchema } from './facility-schema.js';
import { idList } from '../db/id-list.js';
import { usernameKey } from './username-key.js';

type Db = SqliteDatabase<FacilitySchema>;

/** The largest page a user list returns. */
export const MAX_PAGE_SIZE = 1000;
/** The page size when none is asked for. */
export const DEFAULT_PAGE_SIZE = 50;

// A user's kind is not stored: it follows from their facility-level roles, as in Kolibri, so a
// role that arrives by sync changes the kind without a second column to keep in step.
const hasFacilityRole = (kind: 'admin' | 'coach') =>
  sql<SqlBool>`exists (select 1 from role r where r.user_id = u.id and r.kind = ${kind} and r.classroom_id is null)`;
const kindExpression = sql<UserKind>`case when ${hasFacilityRole('admin')} then 'admin' when ${hasFacilityRole('coach')} then 'coach' else 'learner' end`;
const superuserExpression = sql<number>`exists (select 1 from device_permissions d where d.user_id = u.id and d.is_superuser = 1)`;

interface UserRow {
  id: string;
  facility_id: string;
  username: string;
  full_name: string;
  birth_year: number | null;
  gender: string | null;
  id_number: string | null;
  date_deleted: string | null;
  kind: UserKind;
  is_superuser: number;
}

function selectUsers(db: Db) {
  return db.kysely
    .selectFrom('facility_user as u')
    .select([
      'u.id',
      'u.facility_id',
      'u.username',
      'u.full_name',
      'u.birth_year',
      'u.gender',
      'u.id_number',
      'u.date_deleted',
      kindExpression.as('kind'),
      superuserExpression.as('is_superuser'),
    ]);
}

/** Maps a selected row to the record the rest of the core sees (never the password hash). */
function toRecord(row: UserRow): FacilityUserRecord {
  return Object.freeze({
    id: row.id,
    facilityId: row.facility_id,
    username: row.username,
    fullName: row.full_name,
    kind: row.kind,
    isSuperuser: row.is_superuser === 1,
    birthYear: row.birth_year,
    gender: row.gender,
    idNumber: row.id_number,
    dateDeleted: row.date_deleted,
  });
}

// LIKE's own wildcards in a search are literal characters to the person typing them.
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function roleFilter(role: NonNullable<UserQuery['role']>): Expression<SqlBool> {
  switch (role) {
    case 'superuser':
      return sql<SqlBool>`${superuserExpression}`;
    case 'admin':
      return hasFacilityRole('admin');
    case 'coach':
      return sql<SqlBool>`(${hasFacilityRole('coach')} and not ${hasFacilityRole('admin')})`;
    case 'learner':
      return sql<SqlBool>`(not ${hasFacilityRole('coach')} and not ${hasFacilityRole('admin')})`;
  }
}

const sortColumns: Readonly<Record<UserSortKey, string>> = Object.freeze({
  username: 'username',
  fullName: 'full_name',
  kind: 'kind',
  dateCreated: 'date_created',
});

/** Reads of users. Read-only: every write goes through the user repository. */
export interface UserQueries {
  /** One page of a facility's users: active ones unless `deleted` asks for the removed ones. */
  list(facilityId: string, query: UserQuery): UserPage;
  /** Every active user of a facility, ordered by username (for CSV export). */
  allActive(facilityId: string): FacilityUserRecord[];
  /** The user, active or removed. */
  get(userId: string): FacilityUserRecord | undefined;
  /** The user if active. */
  findActive(userId: string): FacilityUserRecord | undefined;
  /** These users (active or removed) that exist; unknown ids are left out. */
  getMany(userIds: readonly string[]): FacilityUserRecord[];
  /** The scope of each of these users that exists (a lighter read than `getMany`, for permission checks on thousands). */
  scopes(userIds: readonly string[]): UserScope[];
  /**
   * Active users whose username has this one's key (in one facility, or in any), with their
   * password hashes, for sign-in. A held user (a username clash) is not among them.
   */
  credentials(username: string, facilityId?: string): { id: string; facilityId: string; passwordHash: string }[];
  /** The facility's held users (username clashes), oldest clash first; all facilities when none is given. */
  usernameClashes(facilityId?: string): { userId: string; clashWith: string; source: 'migration' | 'sync'; at: string }[];
  /** How many active superusers the device has. */
  activeSuperuserCount(): number;
}

/** Creates the user queries over the facility database. */
export function createUserQueries(db: Db): UserQueries {
  // Every authenticated request looks its user up: that statement is compiled by kysely once and
  // kept prepared, as building and compiling the query would cost more than the indexed read.
  const USER_ID = '\u0000user-id';
  const findActiveQuery = selectUsers(db).where('u.id', '=', USER_ID).where('u.date_deleted', 'is', null).compile();
  const findActiveParameters = findActiveQuery.parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));
  const userIdSlot = findActiveParameters.indexOf(USER_ID);
  const findActiveStatement = db.handle.prepare<unknown[], UserRow>(findActiveQuery.sql);
  const filtered = (facilityId: string, query: UserQuery) => {
    let select = selectUsers(db).where('u.facility_id', '=', facilityId);
    select = query.deleted ? select.where('u.date_deleted', 'is not', null) : select.where('u.date_deleted', 'is', null);
    const search = query.search?.trim();
    if (search) {
      const pattern = likePattern(search);
      select = select.where(sql<SqlBool>`(u.username like ${pattern} escape '\\' or u.full_name like ${pattern} escape '\\')`);
    }
    if (query.role) select = select.where(roleFilter(query.role));
    return select;
  };

  return Object.freeze({
    list(facilityId: string, query: UserQuery): UserPage {
      const page = Math.max(1, Math.floor(query.page ?? 1));
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.pageSize ?? DEFAULT_PAGE_SIZE)));
      const column = sortColumns[query.sort ?? 'username'];
      const direction = query.direction === 'desc' ? sql`desc` : sql`asc`;
      const rows = db.all(
        filtered(facilityId, query)
          // id breaks ties so that pages never overlap or skip a row.
          .orderBy(sql`${sql.ref(column)} ${direction}, u.id ${direction}`)
          .limit(pageSize)
          .offset((page - 1) * pageSize),
      );
      const count = db.first(
        filtered(facilityId, query)
          .clearSelect()
          .select((eb) => eb.fn.countAll<number>().as('total')),
      );
      return Object.freeze({ items: Object.freeze(rows.map(toRecord)), total: count?.total ?? 0, page, pageSize });
    },
    allActive(facilityId: string) {
      return db.all(selectUsers(db).where('u.facility_id', '=', facilityId).where('u.date_deleted', 'is', null).orderBy('u.username')).map(toRecord);
    },
    get(userId: string) {
      const row = db.first(selectUsers(db).where('u.id', '=', userId));
      return row ? toRecord(row) : undefined;
    },
    findActive(userId: string) {
      const parameters = [...findActiveParameters];
      parameters[userIdSlot] = userId;
      const row = findActiveStatement.get(...parameters);
      return row ? toRecord(row) : undefined;
    },
    getMany(userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      return db.all(selectUsers(db).where('u.id', 'in', idList(userIds))).map(toRecord);
    },
    scopes(userIds: readonly string[]) {
      if (userIds.length === 0) return [];
      return db
        .all(
          db.kysely
            .selectFrom('facility_user as u')
            .leftJoin('device_permissions as d', 'd.user_id', 'u.id')
            .select(['u.id', 'u.facility_id', 'd.is_superuser'])
            .where('u.id', 'in', idList(userIds)),
        )
        .map((row) => ({ id: row.id, facilityId: row.facility_id, isSuperuser: row.is_superuser === 1 }));
    },
    credentials(username: string, facilityId?: string) {
      let select = db.kysely
        .selectFrom('facility_username as n')
        .innerJoin('facility_user as u', 'u.id', 'n.user_id')
        .select(['u.id', 'u.facility_id', 'u.password_hash'])
        .where('n.username_key', '=', usernameKey(username))
        .where('n.clash_with', 'is', null)
        .where('u.date_deleted', 'is', null);
      if (facilityId !== undefined) select = select.where('n.facility_id', '=', facilityId);
      return db.all(select.orderBy('u.date_created').orderBy('u.id')).map((row) => ({ id: row.id, facilityId: row.facility_id, passwordHash: row.password_hash }));
    },
    usernameClashes(facilityId?: string) {
      let select = db.kysely
        .selectFrom('facility_username')
        .select(['user_id', 'clash_with', 'clash_source', 'clash_at'])
        .where('clash_with', 'is not', null);
      if (facilityId !== undefined) select = select.where('facility_id', '=', facilityId);
      return db
        .all(select.orderBy('clash_at').orderBy('user_id'))
        .map((row) => ({ userId: row.user_id, clashWith: row.clash_with!, source: row.clash_source ?? 'sync', at: row.clash_at ?? '' }));
    },
    activeSuperuserCount() {
      const row = db.first(
        db.kysely
          .selectFrom('device_permissions as d')
          .innerJoin('facility_user as u', 'u.id', 'd.user_id')
          .where('d.is_superuser', '=', 1)
          .where('u.date_deleted', 'is', null)
          .select((eb) => eb.fn.countAll<number>().as('n')),
      );
      return row?.n ?? 0;
    },
  });
}
