import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser, TestResponse } from '../auth/test-support/test-browser.js';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

// One world for every test here; no test changes it except through requests that must be refused.
let server: FacilityApiServer;
let ids: Record<'adminA' | 'coachA' | 'learnerA' | 'otherLearnerA' | 'adminB' | 'learnerB', string>;
let facilityB: string;
let coachedClass: string;
let otherClass: string;
let as: Record<'adminA' | 'coachA' | 'learnerA' | 'adminB' | 'anonymous', TestBrowser>;

beforeAll(async () => {
  server = await startFacilityApiServer();
  facilityB = (await server.root.request('POST', '/api/facilities', { name: 'Valley School' })).body.id;
  ids = {
    adminA: await server.createUser({ username: 'admin_a', role: 'admin' }),
    coachA: await server.createUser({ username: 'coach_a', role: 'coach' }),
    learnerA: await server.createUser({ username: 'learner_a' }),
    otherLearnerA: await server.createUser({ username: 'other_a' }),
    adminB: await server.createUser({ username: 'admin_b', role: 'admin' }, facilityB),
    learnerB: await server.createUser({ username: 'learner_b' }, facilityB),
  };
  coachedClass = (await server.root.request('POST', `/api/facilities/${server.facilityId}/classes`, { name: 'Coached' })).body.id;
  otherClass = (await server.root.request('POST', `/api/facilities/${server.facilityId}/classes`, { name: 'Other' })).body.id;
  await server.root.request('PUT', `/api/classes/${coachedClass}/coaches`, { userIds: [ids.coachA] });
  await server.root.request('PUT', `/api/classes/${coachedClass}/learners`, { userIds: [ids.learnerA] });
  await server.root.request('PUT', `/api/classes/${otherClass}/learners`, { userIds: [ids.otherLearnerA] });
  const anonymous = server.browser();
  await anonymous.request('GET', '/api/setup');
  as = {
    adminA: await server.signedIn('admin_a'),
    coachA: await server.signedIn('coach_a'),
    learnerA: await server.signedIn('learner_a'),
    adminB: await server.signedIn('admin_b', 'pw', facilityB),
    anonymous,
  };
});
afterAll(() => server.close());

function expectDenied(response: TestResponse, message?: RegExp) {
  expect(response.status).toBe(403);
  expect(response.body.code).toBe('PERMISSION_DENIED');
  if (message) expect(response.body.message).toMatch(message);
}

function activeUserIds(facilityId: string): string[] {
  return server.core.facility.users.listUsers(facilityId, { pageSize: 1000 }).items.map((user) => user.id).sort();
}

describe('a learner', () => {
  it('cannot list users or classes, nor read another user', async () => {
    expectDenied(await as.learnerA.request('GET', `/api/facilities/${server.facilityId}/users`));
    expectDenied(await as.learnerA.request('GET', `/api/facilities/${server.facilityId}/classes`));
    expectDenied(await as.learnerA.request('GET', `/api/users/${ids.otherLearnerA}`));
    expectDenied(await as.learnerA.request('GET', `/api/classes/${coachedClass}`));
  });

  it('reads and updates their own personal fields only', async () => {
    expect((await as.learnerA.request('GET', `/api/users/${ids.learnerA}`)).body).toMatchObject({ id: ids.learnerA, kind: 'learner' });
    const renamed = await as.learnerA.request('PATCH', `/api/users/${ids.learnerA}`, { fullName: 'Learner Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.fullName).toBe('Learner Renamed');
    expectDenied(await as.learnerA.request('PATCH', `/api/users/${ids.learnerA}`, { role: 'admin' }), /role/);
    expectDenied(await as.learnerA.request('PATCH', `/api/users/${ids.learnerA}`, { username: 'new_name' }), /username/);
    expectDenied(await as.learnerA.request('PATCH', `/api/users/${ids.otherLearnerA}`, { fullName: 'Not Mine' }));
    expect(server.core.facility.users.getUser(ids.learnerA)).toMatchObject({ kind: 'learner', username: 'learner_a' });
  });

  it('cannot delete anyone', async () => {
    expectDenied(await as.learnerA.request('DELETE', `/api/users/${ids.otherLearnerA}`));
    expect(activeUserIds(server.facilityId)).toContain(ids.otherLearnerA);
  });
});

describe('a coach', () => {
  it('cannot delete users, one or many, soft or permanent', async () => {
    const before = activeUserIds(server.facilityId);
    expectDenied(await as.coachA.request('DELETE', `/api/users/${ids.learnerA}`));
    expectDenied(await as.coachA.request('DELETE', `/api/users/${ids.learnerA}?permanent=true`));
    expectDenied(await as.coachA.request('POST', '/api/users/bulk-delete', { ids: [ids.learnerA, ids.otherLearnerA] }));
    expectDenied(await as.coachA.request('POST', '/api/users/bulk-update', { ids: [ids.learnerA], changes: { dateDeleted: '2026-01-01T00:00:00Z' } }));
    expect(activeUserIds(server.facilityId)).toEqual(before);
  });

  it('reads the classes they coach and those learners, nothing else', async () => {
    const list = await as.coachA.request('GET', `/api/facilities/${server.facilityId}/classes`);
    expect(list.status).toBe(200);
    expect(list.body.classes.map((klass: { id: string }) => klass.id)).toEqual([coachedClass]);
    expect((await as.coachA.request('GET', `/api/classes/${coachedClass}`)).body.learners.map((user: { id: string }) => user.id)).toEqual([ids.learnerA]);
    expectDenied(await as.coachA.request('GET', `/api/classes/${otherClass}`));
    expect((await as.coachA.request('GET', `/api/users/${ids.learnerA}`)).status).toBe(200);
    expectDenied(await as.coachA.request('GET', `/api/users/${ids.otherLearnerA}`));
    expectDenied(await as.coachA.request('GET', `/api/facilities/${server.facilityId}/users`));
    expectDenied(await as.coachA.request('PUT', `/api/classes/${coachedClass}/learners`, { userIds: [] }));
  });
});

describe('an admin of facility A', () => {
  it('cannot touch facility B: its users, classes, CSV, or the facility itself', async () => {
    const before = activeUserIds(facilityB);
    expectDenied(await as.adminA.request('GET', `/api/facilities/${facilityB}`));
    expectDenied(await as.adminA.request('PATCH', `/api/facilities/${facilityB}`, { name: 'Mine now' }));
    expectDenied(await as.adminA.request('GET', `/api/facilities/${facilityB}/users`));
    expectDenied(await as.adminA.request('POST', `/api/facilities/${facilityB}/users`, { username: 'intruder', password: 'pw', fullName: 'In Truder', role: 'admin' }));
    expectDenied(await as.adminA.request('GET', `/api/users/${ids.learnerB}`));
    expectDenied(await as.adminA.request('PATCH', `/api/users/${ids.learnerB}`, { fullName: 'Changed' }));
    expectDenied(await as.adminA.request('DELETE', `/api/users/${ids.learnerB}`));
    expectDenied(await as.adminA.request('POST', '/api/users/bulk-delete', { ids: [ids.otherLearnerA, ids.learnerB] }));
    expectDenied(await as.adminA.request('POST', `/api/users/${ids.learnerB}/restore`));
    expectDenied(await as.adminA.request('GET', `/api/facilities/${facilityB}/classes`));
    expectDenied(await as.adminA.request('POST', `/api/facilities/${facilityB}/classes`, { name: 'Sneaky' }));
    expectDenied(await as.adminA.request('GET', `/api/facilities/${facilityB}/users/export`));
    expectDenied(
      await as.adminA.request('POST', `/api/facilities/${facilityB}/users/import`, undefined, {
        rawBody: 'username,password,full_name\nsneak,pw,Sneak In\n',
        headers: { 'content-type': 'text/csv' },
      }),
    );
    expect((await as.adminA.request('GET', '/api/facilities')).body.facilities.map((facility: { id: string }) => facility.id)).toEqual([server.facilityId]);
    expect(activeUserIds(facilityB)).toEqual(before);
    expect(activeUserIds(server.facilityId)).toContain(ids.otherLearnerA);
    expect(server.core.facility.facilities.getFacility(facilityB)?.name).toBe('Valley School');
    expect(server.core.facility.classes.listClasses(facilityB)).toEqual([]);
  });

  it('cannot remove themselves, nor the superuser, nor create or delete facilities', async () => {
    expectDenied(await as.adminA.request('DELETE', `/api/users/${ids.adminA}`), /your own account/);
    expectDenied(await as.adminA.request('POST', '/api/users/bulk-delete', { ids: [ids.otherLearnerA, ids.adminA] }), /your own account/);
    expectDenied(await as.adminA.request('PATCH', `/api/users/${ids.adminA}`, { role: 'learner' }), /your own role/);
    const root = server.core.facility.users.listUsers(server.facilityId, { role: 'superuser' }).items[0]!;
    expectDenied(await as.adminA.request('DELETE', `/api/users/${root.id}`), /superuser/);
    expectDenied(await as.adminA.request('PATCH', `/api/users/${ids.learnerA}`, { isSuperuser: true }), /superuser/);
    expectDenied(await as.adminA.request('POST', '/api/facilities', { name: 'New' }));
    expectDenied(await as.adminB.request('DELETE', `/api/facilities/${facilityB}`));
    expect(activeUserIds(server.facilityId)).toEqual(expect.arrayContaining([ids.adminA, ids.otherLearnerA, root.id]));
    expect((await as.adminA.request('GET', '/api/auth/session')).status).toBe(200);
  });

  it('manages their own facility', async () => {
    const created = await as.adminA.request('POST', `/api/facilities/${server.facilityId}/users`, { username: 'fresh', password: 'pw', fullName: 'Fresh One', role: 'learner' });
    expect(created.status).toBe(201);
    expect((await as.adminA.request('GET', `/api/facilities/${server.facilityId}/users?search=fresh`)).body.total).toBe(1);
    expect((await as.adminA.request('DELETE', `/api/users/${created.body.id}?permanent=true`)).status).toBe(200);
  });
});

describe('a superuser', () => {
  it('cannot delete the facility holding their own account', async () => {
    expectDenied(await server.root.request('DELETE', `/api/facilities/${server.facilityId}`), /your own account/);
    expect(server.core.facility.facilities.getFacility(server.facilityId)).toBeDefined();
  });
});

describe('without a session', () => {
  it('every facility, user and class endpoint answers 401', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/facilities'],
      ['POST', '/api/facilities', { name: 'X' }],
      ['GET', `/api/facilities/${server.facilityId}`],
      ['GET', `/api/facilities/${server.facilityId}/users`],
      ['POST', `/api/facilities/${server.facilityId}/users`, { username: 'x', password: 'pw', fullName: 'X', role: 'learner' }],
      ['GET', `/api/users/${ids.learnerA}`],
      ['DELETE', `/api/users/${ids.learnerA}`],
      ['POST', '/api/users/bulk-delete', { ids: [ids.learnerA] }],
      ['GET', `/api/facilities/${server.facilityId}/classes`],
      ['GET', `/api/classes/${coachedClass}`],
      ['GET', `/api/facilities/${server.facilityId}/users/export`],
    ];
    for (const [method, path, body] of calls) {
      const response = await as.anonymous.request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.body.code).toBe('NOT_AUTHENTICATED');
    }
    expect(activeUserIds(server.facilityId)).toContain(ids.learnerA);
  });
});

describe('anyone, before signing in', () => {
  it('lists the facilities to sign in to by id and name only, and nothing else about them', async () => {
    const response = await as.anonymous.request('GET', '/api/public/facilities');
    expect(response.status).toBe(200);
    const names = (response.body.facilities as { id: string; name: string }[]).map((each) => each.name).sort();
    expect(names).toEqual([server.core.facility.facilities.getFacility(server.facilityId)!.name, 'Valley School'].sort());
    for (const each of response.body.facilities) expect(Object.keys(each).sort()).toEqual(['id', 'name']);
    // The full list, with counts and dataset ids, still needs a session.
    const full = await as.anonymous.request('GET', '/api/facilities');
    expect([full.status, full.body.code]).toEqual([401, 'NOT_AUTHENTICATED']);
  });
});
