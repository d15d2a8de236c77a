import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestResponse } from '../auth/test-support/test-browser.js';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

// Bad input gets a clear 4xx, changes nothing, and the server stays up.
let server: FacilityApiServer;
let learnerId: string;
let classId: string;
const unknown = '0'.repeat(32);

beforeAll(async () => {
  server = await startFacilityApiServer();
  learnerId = await server.createUser({ username: 'amina' });
  classId = (await server.root.request('POST', `/api/facilities/${server.facilityId}/classes`, { name: 'Grade 3' })).body.id;
});
afterAll(() => server.close());

/** Everything a bad request could have changed, as one comparable value. */
function snapshot() {
  const facility = server.core.facility;
  return {
    facilities: facility.listFacilities(),
    active: facility.listUsers(server.facilityId, { pageSize: 1000 }),
    removed: facility.listUsers(server.facilityId, { deleted: true, pageSize: 1000 }),
    classes: facility.listClasses(server.facilityId).map((klass) => facility.getClass(klass.id)),
    sessions: server.sessionCount(),
  };
}

function expectError(response: TestResponse, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.code).toBe(code);
  expect(typeof response.body.message).toBe('string');
}

describe('bad input', () => {
  it('wrong types and unknown fields: 400 INVALID_INPUT naming each field, nothing written', async () => {
    const before = snapshot();
    const path = `/api/facilities/${server.facilityId}/users`;
    let response = await server.root.request('POST', path, { username: 123, password: true, fullName: [], role: 'wizard', isAdmin: true });
    expectError(response, 400, 'INVALID_INPUT');
    expect(response.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['fullName', 'isAdmin', 'password', 'role', 'username']);
    response = await server.root.request('POST', path, { username: 'ok_name', password: 'pw', fullName: 'Ok', role: 'learner', birthYear: 'ninety' });
    expectError(response, 400, 'INVALID_INPUT');
    expect(response.body.details).toEqual([expect.objectContaining({ path: 'birthYear' })]);
    expectError(await server.root.request('POST', path, undefined, { rawBody: '{"username":' }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', path, ['not', 'an', 'object']), 400, 'INVALID_INPUT');
    expectError(await server.root.request('PATCH', `/api/users/${learnerId}`, { fullName: 7 }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('PATCH', `/api/users/${learnerId}`, { dateDeleted: null }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/facilities', { name: '' }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('PATCH', `/api/facilities/${server.facilityId}`, { name: 'x'.repeat(500) }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', `/api/facilities/${server.facilityId}/classes`, { title: 'Grade 9' }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('PUT', `/api/classes/${classId}/learners`, { userIds: 'amina' }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/users/bulk-delete', { ids: [] }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/users/bulk-delete', { ids: learnerId }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/users/bulk-delete', { ids: [learnerId], permanent: 'yes' }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/users/bulk-update', { ids: [learnerId], changes: {} }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/users/bulk-update', { ids: [learnerId], changes: { dateDeleted: 'yesterday' } }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', '/api/users/bulk-update', { ids: [learnerId], changes: { username: 'x' } }), 400, 'INVALID_INPUT');
    expectError(await server.root.request('DELETE', `/api/users/${learnerId}?permanent=yes`), 400, 'INVALID_INPUT');
    expectError(await server.root.request('POST', `/api/users/${learnerId}/restore`, { please: true }), 400, 'INVALID_INPUT');
    expect(snapshot()).toEqual(before);
  });

  it('bad list queries: 400 naming the parameter', async () => {
    const path = `/api/facilities/${server.facilityId}/users`;
    for (const [query, parameter] of [
      ['pageSize=abc', 'pageSize'],
      ['pageSize=100000', 'pageSize'],
      ['page=0', 'page'],
      ['sort=password', 'sort'],
      ['role=wizard', 'role'],
      ['deleted=maybe', 'deleted'],
      ['colour=blue', 'colour'],
      ['search=a&search=b', 'search'],
    ] as const) {
      const response = await server.root.request('GET', `${path}?${query}`);
      expectError(response, 400, 'INVALID_INPUT');
      expect(response.body.details.map((detail: { path: string }) => detail.path)).toContain(parameter);
    }
  });

  it('unknown ids: 404 NOT_FOUND, and a bulk request naming one unknown id changes nobody', async () => {
    const before = snapshot();
    for (const [method, path, body] of [
      ['GET', `/api/users/${unknown}`],
      ['PATCH', `/api/users/${unknown}`, { fullName: 'Nobody' }],
      ['DELETE', `/api/users/${unknown}`],
      ['DELETE', `/api/users/${unknown}?permanent=true`],
      ['POST', `/api/users/${unknown}/restore`],
      ['POST', '/api/users/bulk-delete', { ids: [learnerId, unknown] }],
      ['POST', '/api/users/bulk-delete', { ids: [learnerId, unknown], permanent: true }],
      ['POST', '/api/users/bulk-update', { ids: [learnerId, unknown], changes: { dateDeleted: '2026-01-01T00:00:00Z' } }],
      ['GET', `/api/facilities/${unknown}`],
      ['PATCH', `/api/facilities/${unknown}`, { name: 'Nowhere' }],
      ['DELETE', `/api/facilities/${unknown}`],
      ['GET', `/api/facilities/${unknown}/users`],
      ['POST', `/api/facilities/${unknown}/users`, { username: 'ghost', password: 'pw', fullName: 'Ghost', role: 'learner' }],
      ['GET', `/api/facilities/${unknown}/classes`],
      ['POST', `/api/facilities/${unknown}/classes`, { name: 'Ghost class' }],
      ['GET', `/api/classes/${unknown}`],
      ['DELETE', `/api/classes/${unknown}`],
      ['PUT', `/api/classes/${unknown}/learners`, { userIds: [learnerId] }],
      ['PUT', `/api/classes/${classId}/learners`, { userIds: [learnerId, unknown] }],
      ['GET', `/api/facilities/${unknown}/users/export`],
    ] as [string, string, unknown?][]) {
      expectError(await server.root.request(method, path, body), 404, 'NOT_FOUND');
    }
    expect(snapshot()).toEqual(before);
  });

  it('a duplicate username: 409 CONFLICT naming the field, whatever its case', async () => {
    const before = snapshot();
    const response = await server.root.request('POST', `/api/facilities/${server.facilityId}/users`, { username: 'AMINA', password: 'pw', fullName: 'Twin', role: 'learner' });
    expectError(response, 409, 'CONFLICT');
    expect(response.body.details).toEqual([{ path: 'username', message: 'Already taken' }]);
    const other = await server.createUser({ username: 'baraka' });
    const rename = await server.root.request('PATCH', `/api/users/${other}`, { username: 'Amina' });
    expectError(rename, 409, 'CONFLICT');
    expect(server.core.facility.getUser(other)?.username).toBe('baraka');
    await server.root.request('DELETE', `/api/users/${other}?permanent=true`);
    expect(snapshot()).toEqual(before);
  });

  it('a class coach who is a learner, or a learner of another facility: 400 naming the field', async () => {
    const valley = (await server.root.request('POST', '/api/facilities', { name: 'Valley' })).body.id;
    const outsider = await server.createUser({ username: 'outsider' }, valley);
    const before = server.core.facility.getClass(classId);
    const coach = await server.root.request('PUT', `/api/classes/${classId}/coaches`, { userIds: [learnerId] });
    expectError(coach, 400, 'INVALID_INPUT');
    expect(coach.body.details[0].message).toMatch(/learner/);
    const learners = await server.root.request('PUT', `/api/classes/${classId}/learners`, { userIds: [outsider] });
    expectError(learners, 400, 'INVALID_INPUT');
    expect(learners.body.details[0].message).toMatch(/another facility/);
    expect(server.core.facility.getClass(classId)).toEqual(before);
    await server.root.request('DELETE', `/api/facilities/${valley}`);
  });

  it('a 50 MB upload: 413 PAYLOAD_TOO_LARGE, nothing written, and the server stays up', async () => {
    const before = snapshot();
    const row = 'someone,pw,Some One,learner\n';
    const huge = `username,password,full_name,role\n${row.repeat(Math.ceil((50 * 1024 * 1024) / row.length))}`;
    const response = await server.root.request('POST', `/api/facilities/${server.facilityId}/users/import`, undefined, {
      rawBody: huge,
      headers: { 'content-type': 'text/csv' },
    });
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    const json = await server.root.request('POST', `/api/facilities/${server.facilityId}/users`, undefined, { rawBody: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expectError(json, 413, 'PAYLOAD_TOO_LARGE');
    expect(snapshot()).toEqual(before);
    expect((await server.root.request('GET', '/api/health')).status).toBe(200);
  });
});
