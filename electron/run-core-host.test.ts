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

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function run(overrides: Partial<CoreHostDependencies> & { core?: Partial<RunningCore> } = {}) {
  const { channel, sent, say, leave } = fakeChannel();
  const exits: number[] = [];
  let closed = 0;
  runCoreHost({
    options: { home: '/h', rendererDir: '/r', port: 8080, host: '0.0.0.0' },
    channel,
    startCore: async () => ({ url: 'http://127.0.0.1:8080', close: async () => void closed++, ...overrides.core }),
    describeFailure: (error) => ({ code: 'INTERNAL', message: String(error) }),
    lanUrls: (port) => [`http://10.0.0.5:${port}`],
    exit: (code) => void exits.push(code),
    log: () => {},
    ...overrides,
  });
  return { sent, say, leave, exits, closed: () => closed };
}

describe('the core host’s life', () => {
  it('reports ready with the LAN addresses when listening on every interface', async () => {
    const host = run();
    await flush();
    expect(host.sent).toEqual([{ type: 'ready', url: 'http://127.0.0.1:8080', lanUrls: ['http://10.0.0.5:8080'] }]);
  });

  it('reports no LAN address when it serves this computer only', async () => {
    const host = run({ options: { home: '/h', rendererDir: '/r', port: 8080, host: '127.0.0.1' } });
    await flush();
    expect(host.sent).toEqual([{ type: 'ready', url: 'http://127.0.0.1:8080', lanUrls: [] }]);
  });

  it('reports a failed start with its reason and exits 1', async () => {
    const host = run({ startCore: async () => Promise.reject(new Error('disk full')), describeFailure: () => ({ code: 'MIGRATION_FAILED', message: 'disk full' }) });
    await flush();
    expect(host.sent).toEqual([{ type: 'failed', code: 'MIGRATION_FAILED', message: 'disk full' }]);
    expect(host.exits).toEqual([1]);
  });

  it('closes the core and exits 0 when asked to shut down, once however often asked', async () => {
    const host = run();
    await flush();
    host.say({ type: 'shutdown' });
    host.say({ type: 'shutdown' });
    await flush();
    expect(host.closed()).toBe(1);
    expect(host.exits).toEqual([0]);
  });

  it('ignores other messages', async () => {
    const host = run();
    await flush();
    host.say({ type: 'reboot' });
    host.say('shutdown');
    await flush();
    expect(host.closed()).toBe(0);
    expect(host.exits).toEqual([]);
  });

  it('closes the core when its parent goes away without asking', async () => {
    const host = run();
    await flush();
    host.leave();
    await flush();
    expect(host.closed()).toBe(1);
    expect(host.exits).toEqual([0]);
  });

  it('waits for a core that is still starting, then closes it', async () => {
    let finishStart!: () => void;
    const started = new Promise<void>((resolve) => (finishStart = resolve));
    let closed = 0;
    const host = run({
      startCore: async () => {
        await started;
        return { url: 'http://127.0.0.1:8080', close: async () => void closed++ };
      },
    });
    host.say({ type: 'shutdown' });
    await flush();
    expect(host.exits).toEqual([]);
    finishStart();
    await flush();
    await flush();
    expect(closed).toBe(1);
    expect(host.exits).toEqual([0]);
    expect(host.sent).toEqual([]);
  });

  it('exits 1 when the core fails to close', async () => {
    const host = run({ core: { close: async () => Promise.reject(new Error('locked')) } });
    await flush();
    host.say({ type: 'shutdown' });
    await flush();
    await flush();
    expect(host.exits).toEqual([1]);
  });
});
