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
    facilities: facility.facilities.listFacilities(),
    active: facility.users.listUsers(server.facilityId, { pageSize: 1000 }),
    removed: facility.users.listUsers(server.facilityId, { deleted: true, pageSize: 1000 }),
    classes: facility.classes.listClasses(server.facilityId).map((klass) => facility.classes.getClass(klass.id)),
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
    expect(server.core.facility.users.getUser(other)?.username).toBe('baraka');
    await server.root.request('DELETE', `/api/users/${other}?permanent=true`);
    expect(snapshot()).toEqual(before);
  });

  it('a class coach who is a learner, or a learner of another facility: 400 naming the field', async () => {
    const valley = (await server.root.request('POST', '/api/facilities', { name: 'Valley' })).body.id;
    const outsider = await server.createUser({ username: 'outsider' }, valley);
    const before = server.core.facility.classes.getClass(classId);
    const coach = await server.root.request('PUT', `/api/classes/${classId}/coaches`, { userIds: [learnerId] });
    expectError(coach, 400, 'INVALID_INPUT');
    expect(coach.body.details[0].message).toMatch(/learner/);
    const learners = await server.root.request('PUT', `/api/classes/${classId}/learners`, { userIds: [outsider] });
    expectError(learners, 400, 'INVALID_INPUT');
    expect(learners.body.details[0].message).toMatch(/another facility/);
    expect(server.core.facility.classes.getClass(classId)).toEqual(before);
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

describe('issue 19: names and usernames', () => {
  const forbidden = [
    ['NUL', '\u0000'],
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['TAB', '\t'],
    ['DEL', '\u007F'],
    ['right-to-left override', '\u202E'],
    ['left-to-right isolate', '\u2066'],
    ['right-to-left mark', '\u200F'],
  ] as const;

  it.each(forbidden)('a name holding %s: 400 INVALID_INPUT naming the field, nothing written', async (_name, char) => {
    const before = snapshot();
    const users = `/api/facilities/${server.facilityId}/users`;
    const cases: [string, string, unknown, string][] = [
      ['POST', users, { username: 'newcomer', password: 'pw', fullName: `New${char}comer`, role: 'learner' }, 'fullName'],
      ['POST', users, { username: `new${char}comer`, password: 'pw', fullName: 'Newcomer', role: 'learner' }, 'username'],
      ['POST', users, { username: 'newcomer', password: 'pw', fullName: 'Newcomer', role: 'learner', idNumber: `A${char}1` }, 'idNumber'],
      ['PATCH', `/api/users/${learnerId}`, { fullName: `Amina${char}@SUM(1+1)` }, 'fullName'],
      ['PATCH', `/api/users/${learnerId}`, { username: `amina${char}` }, 'username'],
      ['POST', '/api/facilities', { name: `Hill${char}School` }, 'name'],
      ['PATCH', `/api/facilities/${server.facilityId}`, { name: `Ridge${char}School` }, 'name'],
      ['POST', `/api/facilities/${server.facilityId}/classes`, { name: `Grade${char}4` }, 'name'],
      ['PATCH', `/api/classes/${classId}`, { name: `Grade 3${char}` }, 'name'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await server.root.request(method, path, body);
      expectError(response, 400, 'INVALID_INPUT');
      expect(response.body.details, `${method} ${path} ${JSON.stringify(body)}`).toEqual([{ path: field, message: expect.any(String) }]);
    }
    // A learner changing her own name meets the same rule.
    const amina = await server.signedIn('amina');
    const own = await amina.request('PATCH', `/api/users/${learnerId}`, { fullName: `Amina${char}` });
    expectError(own, 400, 'INVALID_INPUT');
    expect(own.body.details).toEqual([{ path: 'fullName', message: 'No line breaks, tabs, control characters or text-direction marks' }]);
    expect({ ...snapshot(), sessions: 0 }).toEqual({ ...before, sessions: 0 });
  });

  it('usernames are NFKC and unique by case-folded key: NFC and NFD are one account, either signs in, ÉLÈVE and ａｍｉｎａ are duplicates', async () => {
    const path = `/api/facilities/${server.facilityId}/users`;
    const nfc = 'élève'.normalize('NFC');
    const nfd = 'élève'.normalize('NFD');
    const created = await server.root.request('POST', path, { username: nfd, password: 'pw', fullName: 'Élève', role: 'learner' });
    expect(created.status).toBe(201);
    expect(created.body.username).toBe(nfc);
    const before = snapshot();
    for (const twin of [nfc, nfd, 'ÉLÈVE', 'ÉLÈVE'.normalize('NFD'), ' élève ']) {
      const response = await server.root.request('POST', path, { username: twin, password: 'pw', fullName: 'Twin', role: 'learner' });
      expectError(response, 409, 'CONFLICT');
      expect(response.body.details).toEqual([{ path: 'username', message: 'Already taken' }]);
    }
    const wide = await server.root.request('POST', path, { username: 'ａｍｉｎａ', password: 'pw', fullName: 'Wide', role: 'learner' });
    expectError(wide, 409, 'CONFLICT');
    expect(wide.body.message).toMatch(/"amina" is already taken/);
    expect(snapshot()).toEqual(before);
    // Either form signs in to the one account.
    for (const form of [nfc, nfd, 'ÉLÈVE']) {
      const response = await server.browser().signIn(form, 'pw');
      expect(response.status, form).toBe(200);
      expect(response.body.user.id).toBe(created.body.id);
    }
  });

  it('refuses mixed-script usernames (400) and whole-word look-alikes of an existing one (409)', async () => {
    const path = `/api/facilities/${server.facilityId}/users`;
    await server.createUser({ username: 'cop' });
    const before = snapshot();
    // Cyrillic а (U+0430) then Latin "mina"; Greek ο inside Latin; Latin inside Cyrillic.
    for (const mixed of ['\u0430mina', 'r\u03BFot', 'ива\u006E']) {
      const response = await server.root.request('POST', path, { username: mixed, password: 'pw', fullName: 'Spoof', role: 'learner' });
      expectError(response, 400, 'INVALID_INPUT');
      expect(response.body.details).toEqual([{ path: 'username', message: expect.stringMatching(/one alphabet/) }]);
    }
    // All Cyrillic, and it looks like "cop" (с, о, р).
    const alike = await server.root.request('POST', path, { username: '\u0441\u043E\u0440', password: 'pw', fullName: 'Spoof', role: 'learner' });
    expectError(alike, 409, 'CONFLICT');
    expect(alike.body.details).toEqual([{ path: 'username', message: 'Looks like the existing username "cop"' }]);
    expect(snapshot()).toEqual(before);
    // Honest Cyrillic and Greek usernames are welcome.
    for (const honest of ['иван', 'Ελένη']) expect((await server.root.request('POST', path, { username: honest, password: 'pw', fullName: honest, role: 'learner' })).status).toBe(201);
  });
});
