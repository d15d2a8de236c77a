import { describe, expect, it } from 'vitest';
import type { HostChannel } from './host-channel.js';
import type { HostToShellMessage } from './host-messages.js';
import { runCoreHost, type CoreHostDependencies, type RunningCore } from './run-core-host.js';

function fakeChannel() {
  const sent: HostToShellMessage[] = [];
  const messageListeners: ((message: unknown) => void)[] = [];
  const goneListeners: (() => void)[] = [];
  const channel: HostChannel = {
    send: (message) => void sent.push(message),
    onMessage: (listener) => (messageListeners.push(listener), () => {}),
    onParentGone: (listener) => (goneListeners.push(listener), () => {}),
  };
  return { channel, sent, say: (message: unknown) => messageListeners.forEach((l) => l(message)), leave: () => goneListeners.forEach((l) => l()) };
}

/** Resolves with the first value given to the function it returns. */
function firstCall<T>(): { readonly call: (value: T) => void; readonly first: Promise<T> } {
  let call!: (value: T) => void;
  const first = new Promise<T>((resolve) => (call = resolve));
  return { call, first };
}

function run(overrides: Partial<CoreHostDependencies> & { core?: Partial<RunningCore> } = {}) {
  const { channel, sent, say, leave } = fakeChannel();
  const exits: number[] = [];
  const logs: string[] = [];
  const firstSent = firstCall<HostToShellMessage>();
  const firstExit = firstCall<number>();
  let closed = 0;
  runCoreHost({
    options: { home: '/h', rendererDir: '/r', port: 8080, host: '0.0.0.0', discovery: false },
    channel: { ...channel, send: (message) => (channel.send(message), firstSent.call(message)) },
    startCore: async () => ({ url: 'http://127.0.0.1:8080', close: async () => void closed++, ...overrides.core }),
    describeFailure: (error) => ({ code: 'INTERNAL', message: String(error) }),
    lanUrls: (port) => [`http://10.0.0.5:${port}`],
    exit: (code) => (exits.push(code), firstExit.call(code)),
    log: (message) => void logs.push(message),
    ...overrides,
  });
  // The host logs "closing" in the same synchronous step in which it decides to stop.
  const closings = () => logs.filter((line) => line.startsWith('Outpost core is closing')).length;
  return { sent, say, leave, exits, closed: () => closed, closings, reported: firstSent.first, exited: firstExit.first };
}

describe('the core host’s life', () => {
  it('reports ready with the LAN addresses when listening on every interface', async () => {
    const host = run();
    await host.reported;
    expect(host.sent).toEqual([{ type: 'ready', url: 'http://127.0.0.1:8080', lanUrls: ['http://10.0.0.5:8080'] }]);
  });

  it('reports no LAN address when it serves this computer only', async () => {
    const host = run({ options: { home: '/h', rendererDir: '/r', port: 8080, host: '127.0.0.1', discovery: false } });
    await host.reported;
    expect(host.sent).toEqual([{ type: 'ready', url: 'http://127.0.0.1:8080', lanUrls: [] }]);
  });

  it('reports a failed start with its reason and exits 1', async () => {
    const host = run({ startCore: async () => Promise.reject(new Error('disk full')), describeFailure: () => ({ code: 'MIGRATION_FAILED', message: 'disk full' }) });
    expect(await host.exited).toBe(1);
    expect(host.sent).toEqual([{ type: 'failed', code: 'MIGRATION_FAILED', message: 'disk full' }]);
    expect(host.exits).toEqual([1]);
  });

  it('closes the core and exits 0 when asked to shut down, once however often asked', async () => {
    const host = run();
    await host.reported;
    host.say({ type: 'shutdown' });
    host.say({ type: 'shutdown' });
    expect(host.closings()).toBe(1);
    expect(await host.exited).toBe(0);
    expect(host.closed()).toBe(1);
    expect(host.exits).toEqual([0]);
  });

  it('ignores other messages', async () => {
    const host = run();
    await host.reported;
    host.say({ type: 'reboot' });
    host.say('shutdown');
    // Stopping is decided synchronously on the message: had either been taken for a shutdown, it would show now.
    expect(host.closings()).toBe(0);
    expect(host.closed()).toBe(0);
    expect(host.exits).toEqual([]);
  });

  it('closes the core when its parent goes away without asking', async () => {
    const host = run();
    await host.reported;
    host.leave();
    expect(await host.exited).toBe(0);
    expect(host.closed()).toBe(1);
    expect(host.exits).toEqual([0]);
  });

  it('waits for a core that is still starting, then closes it', async () => {
    let finishStart!: () => void;
    const started = new Promise<void>((resolve) => (finishStart = resolve));
    const order: string[] = [];
    const exit = firstCall<number>();
    const host = run({
      startCore: async () => {
        await started;
        order.push('started');
        return { url: 'http://127.0.0.1:8080', close: async () => void order.push('closed') };
      },
      exit: (code) => (order.push(`exit ${code}`), exit.call(code)),
    });
    host.say({ type: 'shutdown' });
    expect(host.closings()).toBe(1);
    finishStart();
    await exit.first;
    // Closed only once started, exited only once closed, and no `ready` for a core being shut down.
    expect(order).toEqual(['started', 'closed', 'exit 0']);
    expect(host.sent).toEqual([]);
  });

  it('exits 1 when the core fails to close', async () => {
    const host = run({ core: { close: async () => Promise.reject(new Error('locked')) } });
    await host.reported;
    host.say({ type: 'shutdown' });
    expect(await host.exited).toBe(1);
    expect(host.exits).toEqual([1]);
  });
});
