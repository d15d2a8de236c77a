import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

let server: FacilityApiServer;
const list = async (query: string) => {
  const response = await server.root.request('GET', `/api/facilities/${server.facilityId}/users?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { items: { id: string; username: string; fullName: string; kind: string; dateDeleted: string | null }[]; total: number; page: number; pageSize: number };
};

beforeAll(async () => {
  server = await startFacilityApiServer();
  const rows = ['username,password,full_name,role'];
  for (let i = 0; i < 25; i += 1) rows.push(`learner_${String(i).padStart(2, '0')},pw,Learner Number ${25 - i},learner`);
  rows.push('zed_coach,pw,Ama Coach,coach', 'anna_admin,pw,zora Admin,admin', 'percent,pw,100% Sure,learner');
  expect((await server.root.request('POST', `/api/facilities/${server.facilityId}/users/import`, undefined, { rawBody: rows.join('\n'), headers: { 'content-type': 'text/csv' } })).status).toBe(201);
  const removed = (await list('search=learner_0')).items.slice(0, 3).map((user) => user.id);
  await server.root.request('POST', '/api/users/bulk-delete', { ids: removed });
});
afterAll(() => server.close());

describe('GET /api/facilities/:id/users', () => {
  it('lists active users by default and removed users only when asked', async () => {
    const active = await list('pageSize=1000');
    expect(active.total).toBe(26); // 28 imported + root − 3 removed
    expect(active.items.every((user) => user.dateDeleted === null)).toBe(true);
    const removed = await list('deleted=true');
    expect(removed.total).toBe(3);
    expect(removed.items.map((user) => user.username)).toEqual(['learner_00', 'learner_01', 'learner_02']);
    expect(removed.items.every((user) => user.dateDeleted !== null)).toBe(true);
  });

  it('searches username and full name, case-insensitively, with % and _ taken literally', async () => {
    expect((await list('search=COACH')).items.map((user) => user.username)).toEqual(['zed_coach']);
    expect((await list('search=zora')).items.map((user) => user.username)).toEqual(['anna_admin']);
    expect((await list('search=100%25')).items.map((user) => user.username)).toEqual(['percent']);
    expect((await list('search=%25')).total).toBe(1);
    expect((await list('search=_admin')).items.map((user) => user.username)).toEqual(['anna_admin']);
    expect((await list('search=number%201')).total).toBe(11); // "Number 1", "Number 10".."Number 19" (none removed)
  });

  it('filters by role', async () => {
    expect((await list('role=coach')).items.map((user) => user.username)).toEqual(['zed_coach']);
    expect((await list('role=admin')).items.map((user) => user.username)).toEqual(['anna_admin', 'root']);
    expect((await list('role=superuser')).items.map((user) => user.username)).toEqual(['root']);
    expect((await list('role=learner&pageSize=1000')).total).toBe(23);
  });

  it('sorts by username, full name, kind and creation, either way', async () => {
    const byName = (await list('pageSize=1000')).items.map((user) => user.username);
    expect(byName).toEqual([...byName].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect((await list('sort=-username&pageSize=1000')).items.map((user) => user.username)).toEqual([...byName].reverse());
    const fullNames = (await list('sort=fullName&pageSize=1000')).items.map((user) => user.fullName.toLowerCase());
    expect(fullNames).toEqual([...fullNames].sort());
    expect(fullNames[0]).toBe('100% sure');
    expect(fullNames.at(-1)).toBe('zora admin');
    const kinds = (await list('sort=kind&pageSize=1000')).items.map((user) => user.kind);
    expect(kinds.slice(0, 3)).toEqual(['admin', 'admin', 'coach']);
    expect((await list('sort=-kind&pageSize=1000')).items.at(-1)!.kind).toBe('admin');
    expect((await list('sort=dateCreated&pageSize=1')).items[0]!.username).toBe('root');
  });

  it('pages without overlap or gaps and reports the total', async () => {
    const all = (await list('pageSize=1000')).items.map((user) => user.id);
    const paged: string[] = [];
    for (let page = 1; page <= 6; page += 1) {
      const body = await list(`page=${page}&pageSize=5`);
      expect(body).toMatchObject({ total: 26, page, pageSize: 5 });
      paged.push(...body.items.map((user) => user.id));
    }
    expect(paged).toEqual(all);
    expect((await list('page=99&pageSize=5')).items).toEqual([]);
  });
});
