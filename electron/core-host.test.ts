import { existsSync, statSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../core/test-support/temp-home.js';
import { createCoreHostSupervisor, type CoreHostSupervisor, type HostState } from './core-host-supervisor.js';
import type { CoreHostOptions } from './core-host-options.js';
import { createRestartPolicy } from './restart-policy.js';
import { systemClock } from '../core/common/clock.js';
import { systemScheduler, type Scheduler } from '../core/common/scheduler.js';
import { createManualClock } from '../core/common/clock.js';
import { createManualScheduler } from '../core/common/scheduler.js';
import { forkNodeHost, type NodeHostProcess } from './test-support/node-host-process.js';

const DATABASES = ['default.sqlite3', 'sessions.sqlite3'];

/** Whether the file's WAL has been checkpointed into it and removed, as a clean close leaves it. */
function walIsEmpty(file: string): boolean {
  return !existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0;
}

describe('the core host (real core, real process, driven as the desktop app drives it)', { timeout: 60_000 }, () => {
  let home: TempHome;
  let supervisor: CoreHostSupervisor | undefined;
  let blocker: Server | undefined;
  let socket: Socket | undefined;
  const spawned: NodeHostProcess[] = [];

  afterEach(async () => {
    socket?.destroy();
    await supervisor?.shutdown(5_000);
    blocker?.close();
    blocker = undefined;
    supervisor = undefined;
    spawned.length = 0;
    home?.remove();
  });

  const start = (options: Partial<CoreHostOptions> = {}, scheduler: Scheduler = systemScheduler) => {
    home = createTempHome('outpost-core-host-');
    supervisor = createCoreHostSupervisor({
      spawn: () => {
        const child = forkNodeHost({ home: home.path, rendererDir: join(home.path, 'no-renderer'), port: 0, host: '127.0.0.1', discovery: false, ...options });
        spawned.push(child);
        return child;
      },
      policy: createRestartPolicy({ clock: systemClock, baseDelayMs: 50 }),
      scheduler,
      readyTimeoutMs: 30_000,
    });
    return supervisor;
  };

  it('reports ready with a loopback URL whose API answers, then closes its databases cleanly on shutdown', async () => {
    const host = start();
    const ready = await host.start();
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.lanUrls).toEqual([]);
    const health = await fetch(`${ready.url}/api/health`);
    expect(await health.json()).toMatchObject({ databases: { default: 'ok', sessions: 'ok' } });

    await expect(host.shutdown(10_000)).resolves.toBe('clean');
    for (const name of DATABASES) {
      const file = join(home.path, name);
      expect(walIsEmpty(file), `${name} has an un-checkpointed WAL`).toBe(true);
      const database = new Database(file);
      try {
        expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
        // [busy, frames in the log, frames checkpointed]: nothing was left behind to copy back.
        expect(database.pragma('wal_checkpoint(PASSIVE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
      } finally {
        database.close();
      }
    }
  });

  it('lists the LAN addresses when it serves every interface', async () => {
    // Discovery stays off: this test serves every interface of the machine, and may send nothing on them.
    const ready = await start({ host: '0.0.0.0', discovery: false }).start();
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const url of ready.lanUrls) expect(url).toMatch(new RegExp(`^http://\\d+\\.\\d+\\.\\d+\\.\\d+:${new URL(ready.url).port}$`));
  });

  it('is restarted after it is killed, and serves again', async () => {
    const host = start();
    const states: HostState[] = [];
    host.onDidChangeState((state) => states.push(state));
    await host.start();
    const restarted = new Promise<HostState>((resolve) => host.onDidChangeState((state) => state.kind === 'ready' && resolve(state)));
    process.kill(spawned[0]?.pid as number, 'SIGKILL');
    const again = await restarted;
    expect(again).toMatchObject({ kind: 'ready', restarted: true });
    expect(states.map((state) => state.kind)).toEqual(['starting', 'ready', 'crashed', 'starting', 'ready']);
    expect(spawned).toHaveLength(2);
    const health = await fetch(`${(again as { url: string }).url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('reports a port in use as a start failure and is not restarted', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    // The supervisor's timers on a manual scheduler: a restart would be a task waiting on it.
    const clock = createManualClock(0);
    const time = createManualScheduler(clock);
    const host = start({ port }, time);
    const starting = host.start();
    // The host exits by itself after reporting; the supervisor hears of the exit before this test does.
    const exited = new Promise((resolve) => spawned[0]!.onExit(resolve));
    await expect(starting).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining(`Port ${port}`) });
    await exited;
    expect(host.state).toMatchObject({ kind: 'failed', code: 'CONFIG_INVALID' });
    expect(time.pending()).toBe(0);
    time.advance(60 * 60_000);
    expect(spawned).toHaveLength(1);
  });

  it('does not let an open connection hold the databases open at shutdown', async () => {
    const host = start();
    const ready = await host.start();
    // A request that never finishes, like the window's EventSource on /api/session/events.
    socket = connect(Number(new URL(ready.url).port), '127.0.0.1');
    socket.on('error', () => {}); // the host resets it on shutdown, which is the point
    await new Promise((resolve) => socket?.once('connect', resolve));
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const began = Date.now();
    await expect(host.shutdown(10_000)).resolves.toBe('clean');
    expect(Date.now() - began).toBeLessThan(5_000);
    for (const name of DATABASES) expect(walIsEmpty(join(home.path, name))).toBe(true);
  });
});
