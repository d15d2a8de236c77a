import { describe, expect, it } from 'vitest';
import { createCoreHostSupervisor, HostStartError, type HostState } from './core-host-supervisor.js';
import { createRestartPolicy } from './restart-policy.js';
import { createFakeHostProcess, type FakeHostProcess } from './test-support/fake-host-process.js';
import { createManualClock } from '../core/common/clock.js';
import { createManualScheduler } from '../core/common/scheduler.js';

const ready = (port = 8080) => ({ type: 'ready', url: `http://127.0.0.1:${port}`, lanUrls: [`http://10.0.0.5:${port}`] });

function setup(options: { readyTimeoutMs?: number; maxRestarts?: number } = {}) {
  const clock = createManualClock(0);
    const time = createManualScheduler(clock);
  const spawned: FakeHostProcess[] = [];
  const states: HostState[] = [];
  const supervisor = createCoreHostSupervisor({
    spawn: () => {
      const child = createFakeHostProcess();
      spawned.push(child);
      return child;
    },
    policy: createRestartPolicy({ clock, maxRestarts: options.maxRestarts ?? 3, windowMs: 60_000, baseDelayMs: 500 }),
    scheduler: time,
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
  });
  supervisor.onDidChangeState((state) => states.push(state));
  const last = () => spawned[spawned.length - 1] as FakeHostProcess;
  return { time, spawned, states, supervisor, last };
}

describe('the core host supervisor', () => {
  it('starts a host and resolves once it reports ready', async () => {
    const { supervisor, spawned, last } = setup();
    const started = supervisor.start();
    expect(supervisor.state).toEqual({ kind: 'starting' });
    last().emit(ready());
    await expect(started).resolves.toEqual({ kind: 'ready', url: 'http://127.0.0.1:8080', lanUrls: ['http://10.0.0.5:8080'], restarted: false });
    expect(spawned).toHaveLength(1);
  });

  it('does not restart a host that reported it could not start, and rejects with its reason', async () => {
    const { supervisor, spawned, last, time } = setup();
    const started = supervisor.start();
    last().emit({ type: 'failed', code: 'CONFIG_INVALID', message: 'Port 8080 on 0.0.0.0 is already in use.' });
    last().exit(1);
    await expect(started).rejects.toEqual(new HostStartError('CONFIG_INVALID', 'Port 8080 on 0.0.0.0 is already in use.'));
    time.advance(60_000);
    expect(spawned).toHaveLength(1);
    expect(supervisor.state).toMatchObject({ kind: 'failed', code: 'CONFIG_INVALID' });
  });

  it('restarts a host that crashed, after the policy’s delay, and reports the restart', async () => {
    const { supervisor, spawned, states, time } = setup();
    const started = supervisor.start();
    spawned[0]?.emit(ready());
    await started;
    spawned[0]?.exit(139);
    expect(supervisor.state).toEqual({ kind: 'crashed', exitCode: 139, decision: { action: 'restart', attempt: 1, delayMs: 500 } });
    time.advance(499);
    expect(spawned).toHaveLength(1);
    time.advance(1);
    expect(spawned).toHaveLength(2);
    spawned[1]?.emit(ready());
    expect(states.at(-1)).toEqual({ kind: 'ready', url: 'http://127.0.0.1:8080', lanUrls: ['http://10.0.0.5:8080'], restarted: true });
  });

  it('gives up after too many crashes in a minute, and starts afresh when asked again', async () => {
    const { supervisor, spawned, time } = setup({ maxRestarts: 2 });
    const started = supervisor.start();
    spawned[0]?.exit(1);
    time.advance(500);
    spawned[1]?.exit(1);
    time.advance(1_000);
    spawned[2]?.exit(1);
    await expect(started).rejects.toMatchObject({ code: 'CRASHED' });
    expect(supervisor.state).toMatchObject({ kind: 'crashed', decision: { action: 'give-up', crashes: 3 } });
    time.advance(60_000);
    expect(spawned).toHaveLength(3);

    const again = supervisor.start();
    expect(spawned).toHaveLength(4);
    spawned[3]?.emit(ready());
    await expect(again).resolves.toMatchObject({ kind: 'ready' });
  });

  it('kills a host that does not report ready in time and reports why', async () => {
    const { supervisor, last, time } = setup({ readyTimeoutMs: 10_000 });
    const started = supervisor.start();
    time.advance(10_000);
    expect(last().killed).toBe(true);
    await expect(started).rejects.toMatchObject({ code: 'START_TIMEOUT', message: 'The Outpost server did not start within 10 seconds.' });
  });

  it('shuts down by asking the host and waiting for it to exit, and does not restart it', async () => {
    const { supervisor, spawned, last, time } = setup();
    const started = supervisor.start();
    last().emit(ready());
    await started;
    const stopping = supervisor.shutdown(5_000);
    expect(last().received).toEqual([{ type: 'shutdown' }]);
    last().exit(0);
    await expect(stopping).resolves.toBe('clean');
    time.advance(60_000);
    expect(spawned).toHaveLength(1);
    expect(supervisor.state).toEqual({ kind: 'stopped' });
  });

  it('kills a host that does not finish shutting down in time', async () => {
    const { supervisor, last, time } = setup();
    const started = supervisor.start();
    last().emit(ready());
    await started;
    const stopping = supervisor.shutdown(5_000);
    time.advance(5_000);
    expect(last().killed).toBe(true);
    await expect(stopping).resolves.toBe('killed');
  });

  it('reports a host that exits with an error while closing as unclean', async () => {
    const { supervisor, last } = setup();
    const started = supervisor.start();
    last().emit(ready());
    await started;
    const stopping = supervisor.shutdown(5_000);
    last().exit(1);
    await expect(stopping).resolves.toBe('unclean');
  });

  it('cancels a pending restart when shutting down', async () => {
    const { supervisor, spawned, time } = setup();
    const started = supervisor.start();
    spawned[0]?.emit(ready());
    await started;
    spawned[0]?.exit(1);
    await expect(supervisor.shutdown(5_000)).resolves.toBe('not-running');
    time.advance(60_000);
    expect(spawned).toHaveLength(1);
  });

  it('asks a host that is still starting to shut down too', async () => {
    const { supervisor, last } = setup();
    const started = supervisor.start();
    const stopping = supervisor.shutdown(5_000);
    expect(last().received).toEqual([{ type: 'shutdown' }]);
    last().exit(0);
    await expect(stopping).resolves.toBe('clean');
    await expect(started).rejects.toMatchObject({ code: 'STOPPED' });
  });

  it('ignores malformed messages and messages from a host it has replaced', async () => {
    const { supervisor, spawned, time } = setup();
    const started = supervisor.start();
    spawned[0]?.emit({ type: 'ready' });
    expect(supervisor.state).toEqual({ kind: 'starting' });
    spawned[0]?.emit(ready());
    await started;
    const old = spawned[0] as FakeHostProcess;
    old.exit(1);
    time.advance(500);
    old.emit(ready(9999));
    expect(supervisor.state).toEqual({ kind: 'starting' });
  });

  it('leaves no listeners on a host that has exited', async () => {
    const { supervisor, spawned } = setup();
    const started = supervisor.start();
    spawned[0]?.emit(ready());
    await started;
    const stopping = supervisor.shutdown(1_000);
    spawned[0]?.exit(0);
    await stopping;
    expect(spawned[0]?.listenerCount).toBe(0);
  });
});
