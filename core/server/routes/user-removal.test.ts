import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestBrowser, TestEventStream } from '../auth/test-support/test-browser.js';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

// Every way a user can be removed must sign them out at once: their sessions are gone from the
// sessions database, every cookie answers 401, and every open event stream hears session-ended.

let server: FacilityApiServer;
beforeEach(async () => {
  server = await startFacilityApiServer();
});
afterEach(() => server.close());

interface SignedInLearner {
  readonly id: string;
  readonly username: string;
  readonly devices: readonly TestBrowser[];
  readonly streams: readonly TestEventStream[];
}

/** Learners each signed in on two devices, each device with its event stream open. */
async function signedInLearners(prefix: string, count: number, facilityId = server.facilityId): Promise<SignedInLearner[]> {
  const learners: SignedInLearner[] = [];
  for (let i = 0; i < count; i += 1) {
    const username = `${prefix}${i}`;
    const id = await server.createUser({ username }, facilityId);
    const devices = [await server.signedIn(username, 'pw', facilityId), await server.signedIn(username, 'pw', facilityId)];
    learners.push({ id, username, devices, streams: await Promise.all(devices.map((device) => server.events(device))) });
  }
  return learners;
}

async function expectSignedOut(learners: readonly SignedInLearner[], reason: 'user-deleted' | 'facility-deleted'): Promise<void> {
  for (const learner of learners) {
    for (const stream of learner.streams) {
      expect(await stream.nextEvent(1_000)).toEqual({ event: 'session-ended', data: JSON.stringify({ reason }) });
    }
    for (const device of learner.devices) {
      const response = await device.request('GET', '/api/auth/session');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('NOT_AUTHENTICATED');
    }
  }
  expect(server.sessionCount(learners.map((learner) => learner.id))).toBe(0);
}

/**
 * Every device is still signed in and its stream heard nothing. Checked without waiting on time:
 * each device then signs out, and a stream delivers in order, so `signed-out` must be its first event.
 */
async function expectStillSignedIn(learners: readonly SignedInLearner[]): Promise<void> {
  for (const learner of learners) {
    for (const device of learner.devices) expect((await device.request('GET', '/api/auth/session')).status).toBe(200);
    for (const [index, device] of learner.devices.entries()) {
      expect((await device.request('POST', '/api/auth/signout')).status).toBe(204);
      expect(await learner.streams[index]!.nextEvent(1_000)).toEqual({ event: 'session-ended', data: JSON.stringify({ reason: 'signed-out' }) });
    }
  }
}

describe('every removal signs the user out at once', () => {
  it('single soft delete: DELETE /api/users/:id', async () => {
    const [target, bystander] = await signedInLearners('soft', 2);
    const response = await server.root.request('DELETE', `/api/users/${target!.id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ deleted: 1, permanent: false, signedOut: 1 });
    await expectSignedOut([target!], 'user-deleted');
    await expectStillSignedIn([bystander!]);
    expect((await server.root.request('GET', `/api/users/${target!.id}`)).body.dateDeleted).not.toBeNull();
  });

  it('single hard delete: DELETE /api/users/:id?permanent=true', async () => {
    const [target, bystander] = await signedInLearners('hard', 2);
    const response = await server.root.request('DELETE', `/api/users/${target!.id}?permanent=true`);
    expect(response.body).toEqual({ deleted: 1, permanent: true, signedOut: 1 });
    await expectSignedOut([target!], 'user-deleted');
    await expectStillSignedIn([bystander!]);
    expect((await server.root.request('GET', `/api/users/${target!.id}`)).status).toBe(404);
  });

  it('bulk soft delete: POST /api/users/bulk-delete', async () => {
    const learners = await signedInLearners('bulk', 4);
    const targets = learners.slice(0, 3);
    const response = await server.root.request('POST', '/api/users/bulk-delete', { ids: targets.map((learner) => learner.id) });
    expect(response.body).toEqual({ deleted: 3, permanent: false, signedOut: 3 });
    await expectSignedOut(targets, 'user-deleted');
    await expectStillSignedIn(learners.slice(3));
  });

  it('bulk hard delete: POST /api/users/bulk-delete with permanent', async () => {
    const learners = await signedInLearners('gone', 3);
    const targets = learners.slice(0, 2);
    const response = await server.root.request('POST', '/api/users/bulk-delete', { ids: targets.map((learner) => learner.id), permanent: true });
    expect(response.body).toEqual({ deleted: 2, permanent: true, signedOut: 2 });
    await expectSignedOut(targets, 'user-deleted');
    await expectStillSignedIn(learners.slice(2));
  });

  it('bulk update that sets date_deleted: POST /api/users/bulk-update', async () => {
    const learners = await signedInLearners('upd', 3);
    const targets = learners.slice(0, 2);
    const response = await server.root.request('POST', '/api/users/bulk-update', {
      ids: targets.map((learner) => learner.id),
      changes: { dateDeleted: '2026-01-01T08:00:00+01:00' },
    });
    expect(response.body).toEqual({ updated: 2, signedOut: 2, restored: 0 });
    await expectSignedOut(targets, 'user-deleted');
    await expectStillSignedIn(learners.slice(2));
    expect((await server.root.request('GET', `/api/users/${targets[0]!.id}`)).body.dateDeleted).toBe('2026-01-01T07:00:00.000Z');
  });

  it('a bulk soft delete over an already removed user signs out only the newly removed ones; restoring revives no session', async () => {
    const [early, late] = await signedInLearners('mix', 2);
    expect((await server.root.request('DELETE', `/api/users/${early!.id}`)).body.signedOut).toBe(1);
    await expectSignedOut([early!], 'user-deleted');

    const response = await server.root.request('POST', '/api/users/bulk-delete', { ids: [early!.id, late!.id] });
    expect(response.body).toEqual({ deleted: 2, permanent: false, signedOut: 1 });
    await expectSignedOut([late!], 'user-deleted');

    const restored = await server.root.request('POST', `/api/users/${early!.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: early!.id, dateDeleted: null });
    for (const device of early!.devices) expect((await device.request('GET', '/api/auth/session')).status).toBe(401);
    expect(server.sessionCount([early!.id])).toBe(0);
    // A restored user signs in afresh.
    await expect(server.signedIn(early!.username)).resolves.toBeDefined();
  });

  it('a removed user cannot sign in again: 401 INVALID_CREDENTIALS, the same answer as for a name that never existed', async () => {
    const [soft, hard] = await signedInLearners('again', 2);
    await server.root.request('DELETE', `/api/users/${soft!.id}`);
    await server.root.request('DELETE', `/api/users/${hard!.id}?permanent=true`);
    const never = await server.browser().signIn('never_existed', 'pw');
    expect(never.status).toBe(401);
    for (const learner of [soft!, hard!]) {
      const attempt = await server.browser().signIn(learner.username, 'pw');
      expect(attempt.status).toBe(401);
      expect(attempt.body).toEqual(never.body);
      expect(attempt.body.code).toBe('INVALID_CREDENTIALS');
    }
  });
});

describe('two facilities on one device', () => {
  it('deleting one signs out exactly its users with facility-deleted; the other stays signed in and intact', async () => {
    const created = await server.root.request('POST', '/api/facilities', { name: 'Valley School' });
    expect(created.status).toBe(201);
    const valleyId: string = created.body.id;
    const ridge = await signedInLearners('ridge', 2);
    const valley = await signedInLearners('valley', 3, valleyId);
    const ridgeClass = await server.root.request('POST', `/api/facilities/${server.facilityId}/classes`, { name: 'Grade 5' });
    await server.root.request('PUT', `/api/classes/${ridgeClass.body.id}/learners`, { userIds: ridge.map((learner) => learner.id) });
    const before = await server.root.request('GET', `/api/facilities/${server.facilityId}/users?pageSize=100`);

    const response = await server.root.request('DELETE', `/api/facilities/${valleyId}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ signedOut: 3 });

    await expectSignedOut(valley, 'facility-deleted');
    await expectStillSignedIn(ridge);
    expect((await server.root.request('GET', `/api/facilities/${valleyId}`)).status).toBe(404);
    expect((await server.root.request('GET', `/api/facilities/${server.facilityId}/users?pageSize=100`)).body).toEqual(before.body);
    expect((await server.root.request('GET', `/api/classes/${ridgeClass.body.id}`)).body.learners).toHaveLength(2);
    expect((await server.root.request('GET', '/api/facilities')).body.facilities.map((facility: { id: string }) => facility.id)).toEqual([server.facilityId]);
  });
});
