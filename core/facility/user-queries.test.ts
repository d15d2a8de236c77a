import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledQuery } from 'kysely';
import type { SqliteDatabase } from '../db/sqlite-database.js';
import type { UserSortKey } from './facility-records.js';
import type { FacilitySchema } from './facility-schema.js';
import { createUserQueries } from './user-queries.js';
import { openFacilityFixture, provisionFixture, type FacilityFixture } from './test-support/facility-fixture.js';

// Listing must stay fast at 10,000 users per facility. Timings belong in benchmarks; here we check
// the cause instead: the plan SQLite picks walks an index in the requested order, with no sort step.
let fixture: FacilityFixture;
let facilityId: string;

beforeAll(async () => {
  fixture = await openFacilityFixture({ cost: 1 });
  facilityId = (await provisionFixture(fixture.service)).facility.id;
  const rows = ['username,password,full_name'];
  for (let i = 0; i < 10_000; i += 1) rows.push(`user${i},pw,Person ${(i * 7919) % 10_000}`);
  await fixture.service.users.importUsersCsv(facilityId, rows.join('\n'));
}, 120_000);
afterAll(() => fixture.close());

/** The statements a list call runs, with the plan SQLite chose for each. */
function plans(sort: UserSortKey, extra: { search?: string; deleted?: boolean; direction?: 'asc' | 'desc' } = {}): string[] {
  const db = fixture.databases.get<FacilitySchema>('default');
  const seen: CompiledQuery[] = [];
  const recording: SqliteDatabase<FacilitySchema> = {
    ...db,
    all: (query) => {
      seen.push((query as { compile(): CompiledQuery }).compile());
      return db.all(query);
    },
    first: (query) => {
      seen.push((query as { compile(): CompiledQuery }).compile());
      return db.first(query);
    },
  };
  const page = createUserQueries(recording).list(facilityId, { sort, pageSize: 50, page: 3, ...extra });
  expect(page.items).toHaveLength(extra.search ? page.items.length : 50);
  return seen.map((query) =>
    (db.handle.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[]).map((row) => row.detail).join(' | '),
  );
}

describe('user list query plans at 10,000 users', () => {
  it.each([
    ['username', 'facility_user_username'],
    ['fullName', 'facility_user_full_name'],
    ['dateCreated', 'facility_user_date_created'],
  ] as const)('a page sorted by %s walks %s without a sort step', (sort, index) => {
    const [pagePlan, countPlan] = plans(sort);
    expect(pagePlan).toMatch(new RegExp(`(SCAN|SEARCH) u USING INDEX ${index}`));
    expect(pagePlan).not.toMatch(/TEMP B-TREE/);
    expect(countPlan).toMatch(/USING (COVERING )?INDEX/);
  });

  it('descending order walks the same index backwards', () => {
    const [pagePlan] = plans('fullName', { direction: 'desc' });
    expect(pagePlan).toMatch(/USING INDEX facility_user_full_name/);
    expect(pagePlan).not.toMatch(/TEMP B-TREE/);
  });

  it('a search uses the facility index too, and the total counts every match', () => {
    const [pagePlan] = plans('username', { search: 'person 99' });
    expect(pagePlan).toMatch(/USING INDEX facility_user_username/);
    expect(fixture.service.users.listUsers(facilityId, { search: 'Person 99' }).total).toBe(111);
  });
});
