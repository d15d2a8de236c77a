import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../common/clock.js';
import { createCore, type Core } from '../create-core.js';
import { asStorageError } from '../db/storage-error.js';
import { errorStatus } from './error-status.js';
import { createTestBrowser, type TestBrowser } from './auth/test-support/test-browser.js';

/** Mounts a tmpfs of `size` at a new folder; answers the folder, or why it could not. */
function mountTmpfs(size: string): { folder: string } | { reason: string } {
  const folder = mkdtempSync(join(tmpdir(), 'outpost-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { folder };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
    return { reason: `mount -t tmpfs is not permitted here (${stderr || (error as Error).message}); this test needs root, as CI runs` };
  }
}

/** Fills the file system holding `folder` to the last byte with one file; answers that file. */
function fill(folder: string): string {
  const filler = join(folder, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // The last bytes: smaller writes until not one more fits.
        for (let size = chunk.length / 2; size >= 1; size = Math.floor(size / 2)) {
          try {
            for (;;) writeSync(fd, chunk.subarray(0, size));
          } catch (inner) {
            if ((inner as NodeJS.ErrnoException).code !== 'ENOSPC') throw inner;
          }
        }
        return filler;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('a full disk or a read-only home', () => {
  let core: Core | undefined;
  let mount: string | undefined;
  let clock = createManualClock(0);
  afterEach(async () => {
    await core?.close().catch(() => {});
    core = undefined;
    if (mount) {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
      mount = undefined;
    }
  });

  /** A set-up core whose home is on a 4 MB tmpfs, a signed-in admin and a signed-in learner. */
  async function start(skip: (note: string) => never) {
    const mounted = mountTmpfs('4m');
    if ('reason' in mounted) skip(mounted.reason);
    mount = (mounted as { folder: string }).folder;
    const home = join(mount, 'home');
    mkdirSync(home);
    clock = createManualClock(Date.UTC(2026, 0, 5, 9));
    core = await createCore({ home, passwordHashCost: 4, clock });
    const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
    const admin = createTestBrowser(baseUrl);
    await admin.request('GET', '/api/setup');
    const created = await admin.request('POST', '/api/setup', { facilityName: 'Ridge School', superuser: { username: 'root', password: 'root-password', fullName: 'Root Admin' } });
    expect(created.status).toBe(201);
    const facilityId: string = created.body.facility.id;
    expect((await admin.signIn('root', 'root-password')).status).toBe(200);
    expect((await admin.request('POST', `/api/facilities/${facilityId}/users`, { username: 'lina', password: 'learner-pw', fullName: 'Lina Learner', role: 'learner' })).status).toBe(201);
    const learner = createTestBrowser(baseUrl);
    expect((await learner.signIn('lina', 'learner-pw')).status).toBe(200);
    return { home, admin, learner, facilityId };
  }

  const usernames = async (admin: TestBrowser, facilityId: string) => {
    const list = await admin.request('GET', `/api/facilities/${facilityId}/users?pageSize=500`);
    expect(list.status).toBe(200);
    return (list.body.items as { username: string }[]).map((user) => user.username).sort();
  };

  it('answers STORAGE_FULL (507) with nothing half-written, keeps reads and sessions, and recovers once space is back', async ({ skip }) => {
    const { admin, learner, facilityId } = await start(skip);
    const before = await usernames(admin, facilityId);
    const filler = fill(mount!);

    // Writes fail once SQLite needs a page the disk does not have; a few may still fit in the
    // space the WAL already holds, so write until one is refused (bounded).
    let refused: { status: number; body: any } | undefined;
    const saved: string[] = [];
    for (let attempt = 0; attempt < 200 && !refused; attempt += 1) {
      const username = `new${attempt}`;
      const answer = await admin.request('POST', `/api/facilities/${facilityId}/users`, { username, password: 'pw-123456', fullName: `Person number ${attempt}`, role: 'learner' });
      if (answer.status === 201) saved.push(username);
      else refused = answer;
    }
    expect(refused?.body).toMatchObject({ code: 'STORAGE_FULL' });
    expect(refused?.status).toBe(507);
    expect(refused?.body).toEqual({ code: 'STORAGE_FULL', message: expect.stringMatching(/disk .* is full/) });

    // Nothing half-written: exactly the users that were answered 201 exist; reads keep working,
    // also when the learner's session is due a touch (a write) that the full disk refuses.
    clock.advance(5 * 60_000);
    expect(await usernames(admin, facilityId)).toEqual([...before, ...saved].sort());
    const session = await learner.request('GET', '/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.user.username).toBe('lina');
    expect((await learner.request('GET', '/api/health')).status).toBe(200);

    // Space is back: the next write succeeds without a restart.
    rmSync(filler);
    const after = await admin.request('POST', `/api/facilities/${facilityId}/users`, { username: 'after', password: 'pw-123456', fullName: 'After Space', role: 'learner' });
    expect(after.status).toBe(201);
    expect(await usernames(admin, facilityId)).toEqual([...before, ...saved, 'after'].sort());
    expect((await learner.request('GET', '/api/auth/session')).body.user.username).toBe('lina');
  });

  // Linux refuses to remount a file system read-only while a file on it is open for writing
  // (EBUSY), so a live home cannot be made read-only under a running core here. What a core sees
  // when it happens (an SD card the kernel remounts read-only after errors) is SQLITE_IOERR_* or
  // SQLITE_READONLY*; this checks that those become STORAGE_READ_ONLY on a real read-only mount.
  it('tells a read-only home (503) and a full one (507) from other I/O errors by looking at the folder', async ({ skip }) => {
    const mounted = mountTmpfs('1m');
    if ('reason' in mounted) skip(mounted.reason);
    mount = (mounted as { folder: string }).folder;
    const file = join(mount, 'default.sqlite3');
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    expect(asStorageError(ioError, file)).toBeUndefined();
    const filler = fill(mount);
    expect(asStorageError(ioError, file)?.code).toBe('STORAGE_FULL');
    rmSync(filler);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const readOnly = asStorageError(ioError, file);
    expect(readOnly?.code).toBe('STORAGE_READ_ONLY');
    expect(errorStatus[readOnly!.code]).toBe(503);
    expect(readOnly!.toBody()).toEqual({ code: 'STORAGE_READ_ONLY', message: expect.stringMatching(/read-only.*Reading still works/) });
    for (const code of ['SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'EROFS']) expect(asStorageError({ code })?.code).toBe('STORAGE_READ_ONLY');
    for (const code of ['SQLITE_FULL', 'ENOSPC']) expect(asStorageError({ code })?.code).toBe('STORAGE_FULL');
    expect(errorStatus.STORAGE_FULL).toBe(507);
    for (const error of [{ code: 'SQLITE_CONSTRAINT_UNIQUE' }, { code: 'SQLITE_IOERR_WRITE' }, new Error('plain'), null, 'text']) expect(asStorageError(error)).toBeUndefined();
  });
});
