import { afterEach, describe, expect, it } from 'vitest';
import type { ImportJobDto } from '../../contract/import-jobs.js';
import { createCore, type Core } from '../../create-core.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createTestBrowser } from '../auth/test-support/test-browser.js';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

const csvOf = (count: number, prefix = 'pupil') =>
  ['username,password,full_name', ...Array.from({ length: count }, (_, index) => `${prefix}${index},pw-${index}-secret,Pupil ${index}`)].join('\n') + '\n';

/** Resolves with the job's final state, from the job's own change events (no polling). */
function finished(core: Core, jobId: string): Promise<ImportJobDto> {
  return new Promise((resolve) => {
    const current = core.importJobs.get(jobId);
    if (current?.finishedAt !== undefined) return resolve(current);
    const stop = core.importJobs.onDidChange((job) => {
      if (job.id === jobId && job.finishedAt !== undefined) {
        stop();
        resolve(job);
      }
    });
  });
}

describe('users CSV import as a background job', () => {
  let server: FacilityApiServer | undefined;
  let core: Core | undefined;
  let home: TempHome | undefined;
  afterEach(async () => {
    await server?.close();
    await core?.close();
    home?.remove();
    server = core = home = undefined;
  });

  it('answers 202 at once, reports every hashed row in order, writes once, and is found again as the latest', async () => {
    server = await startFacilityApiServer();
    const seen: ImportJobDto[] = [];
    const stop = server.core.importJobs.onDidChange((job) => seen.push(job));
    const started = await server.root.request('POST', `/api/facilities/${server.facilityId}/users/import-jobs`, undefined, { rawBody: csvOf(300), headers: { 'content-type': 'text/csv' } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ facilityId: server.facilityId, total: 300, done: 0, status: 'validating' });
    const done = await finished(server.core, started.body.id);
    stop();
    expect(done).toMatchObject({ status: 'completed', created: 300, done: 300, total: 300 });
    const progress = seen.filter((job) => job.status === 'hashing' || job.status === 'writing').map((job) => job.done);
    expect(progress).toEqual(Array.from({ length: 300 }, (_, index) => index + 1));
    expect(seen.at(-1)?.status).toBe('completed');
    expect(seen.map((job) => job.status).filter((status, index, all) => status !== all[index - 1])).toEqual(['validating', 'hashing', 'writing', 'completed']);

    const again = await server.root.request('GET', `/api/import-jobs/${started.body.id}`);
    expect(again.body).toEqual(done);
    const latest = await server.root.request('GET', `/api/facilities/${server.facilityId}/users/import-jobs/latest`);
    expect(latest.body).toEqual(done);
    const users = await server.root.request('GET', `/api/facilities/${server.facilityId}/users?pageSize=1`);
    expect(users.body.total).toBe(301);

    await server.createUser({ username: 'lina' });
    const learner = await server.signedIn('lina');
    expect((await learner.request('GET', `/api/import-jobs/${started.body.id}`)).status).toBe(403);
    expect((await learner.request('POST', `/api/facilities/${server.facilityId}/users/import-jobs`, undefined, { rawBody: csvOf(1), headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });

  it('fails a file with problems with the per-line details of the synchronous import, and writes nothing', async () => {
    server = await startFacilityApiServer();
    const bad = `${csvOf(3)}pupil1,another-secret,Duplicate\n`;
    const started = await server.root.request('POST', `/api/facilities/${server.facilityId}/users/import-jobs`, undefined, { rawBody: bad, headers: { 'content-type': 'text/csv' } });
    expect(started.status).toBe(202);
    const done = await finished(server.core, started.body.id);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('INVALID_INPUT');
    expect(done.error?.details?.length).toBeGreaterThan(0);
    expect(server.core.facility.users.listUsers(server.facilityId, { pageSize: 10 }).items.map((user) => user.username)).toEqual(['root']);
  });

  it('is cancelled over HTTP while hashing: nothing is imported, and a finished job cannot be cancelled', async () => {
    // A real password cost (2^12) so hashing 200 rows takes far longer than one cancel request.
    home = createTempHome('outpost-import-job-');
    core = await createCore({ home: home.path, passwordHashCost: 12 });
    const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
    const { facility } = await core.facility.setup.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'root-password', fullName: 'Root Admin' } });
    const root = createTestBrowser(baseUrl);
    expect((await root.signIn('root', 'root-password')).status).toBe(200);

    const firstHash = new Promise<void>((resolve) => {
      const stop = core!.importJobs.onDidChange((job) => {
        if (job.done > 0) {
          stop();
          resolve();
        }
      });
    });
    const started = await root.request('POST', `/api/facilities/${facility.id}/users/import-jobs`, undefined, { rawBody: csvOf(200), headers: { 'content-type': 'text/csv' } });
    expect(started.status).toBe(202);
    expect((await root.request('POST', `/api/facilities/${facility.id}/users/import-jobs`, undefined, { rawBody: csvOf(1, 'other'), headers: { 'content-type': 'text/csv' } })).status).toBe(409);
    await firstHash;
    const cancelled = await root.request('POST', `/api/import-jobs/${started.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const done = await finished(core, started.body.id);
    expect(done.status).toBe('cancelled');
    expect(done.done).toBeLessThan(200);
    expect(core.facility.users.listUsers(facility.id, { pageSize: 10 }).items.map((user) => user.username)).toEqual(['root']);
    const late = await root.request('POST', `/api/import-jobs/${started.body.id}/cancel`);
    expect(late.status).toBe(409);
  });
});
