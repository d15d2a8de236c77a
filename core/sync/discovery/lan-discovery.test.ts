import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { createManualScheduler } from '../../common/scheduler.js';
import type { MdnsRecord } from './dns-sd-records.js';
import { createLanDiscovery } from './lan-discovery.js';
import type { MdnsSocket } from './mdns-socket.js';

/** An in-memory "LAN": every socket hears what any other sends (no network at all). */
function memoryLan() {
  const sockets: { responses: ((records: readonly MdnsRecord[]) => void)[]; queries: ((q: readonly { name: string; type: string }[]) => void)[]; errors: ((error: Error) => void)[]; open: boolean }[] = [];
  let sent = 0;
  const open = (): MdnsSocket => {
    const socket = { responses: [] as ((records: readonly MdnsRecord[]) => void)[], queries: [] as ((q: readonly { name: string; type: string }[]) => void)[], errors: [] as ((error: Error) => void)[], open: true };
    sockets.push(socket);
    const others = () => sockets.filter((other) => other !== socket && other.open);
    return {
      onResponse: (listener) => void socket.responses.push(listener),
      onQuery: (listener) => void socket.queries.push(listener),
      query: (questions) => {
        if (!socket.open) return;
        sent++;
        for (const other of others()) for (const listener of other.queries) listener(questions);
      },
      respond: (records) => {
        if (!socket.open) return;
        sent++;
        for (const other of others()) for (const listener of other.responses) listener(records);
      },
      onError: (listener) => void socket.errors.push(listener),
      close: async () => {
        socket.open = false;
      },
    };
  };
  return {
    open,
    sent: () => sent,
    /** Sockets opened so far. */
    opened: () => sockets.length,
    /** Whether the socket opened `index`-th is still open. */
    isOpen: (index: number) => sockets[index]!.open,
    /** The socket opened `index`-th fails, as when its interface went away under it. */
    fail: (index: number) => {
      const socket = sockets[index]!;
      socket.open = false;
      for (const listener of socket.errors) listener(new Error('send EADDRNOTAVAIL'));
    },
    /** The last socket opened goes silent without a goodbye, like a device switched off. */
    crashLast: () => {
      sockets[sockets.length - 1]!.open = false;
    },
  };
}

describe('createLanDiscovery', () => {
  it('finds a device that started earlier, drops one that says goodbye at once, and one that vanished after its TTL', async () => {
    const clock = createManualClock(0);
    const scheduler = createManualScheduler(clock);
    const lan = memoryLan();
    const start = (id: string, name: string, address: string) =>
      createLanDiscovery({
        interfaces: [{ name: 'eth0', address }],
        port: 8080,
        advert: () => ({ instanceId: id.repeat(32), version: '0.1.0', deviceName: name, learnOnly: false, facilityIds: ['f1'] }),
        openSocket: lan.open,
        scheduler,
        clock,
        ttlSeconds: 10,
        onListenerError: (error) => {
          throw error;
        },
      });
    const a = start('a', 'A', '10.77.0.1');
    const b = start('b', 'B', '10.77.0.2');
    // B started after A's announcements: its own query brought A's answer.
    expect(b.nearby().map((device) => [device.deviceName, device.address])).toEqual([['A', 'http://10.77.0.1:8080']]);
    expect(a.nearby().map((device) => device.deviceName)).toEqual(['B']);
    // Still there after several TTLs: refresh queries at 80% keep it.
    scheduler.advance(35_000);
    expect(b.nearby().map((device) => device.deviceName)).toEqual(['A']);
    // A says goodbye: gone at once.
    await a.close();
    expect(b.nearby()).toEqual([]);
    // C vanishes without a goodbye (its socket is just gone): B drops it once the TTL ran out.
    const c = start('c', 'C', '10.77.0.3');
    expect(b.nearby().map((device) => device.deviceName)).toEqual(['C']);
    const lost: string[] = [];
    b.onDidLose((id) => lost.push(id));
    lan.crashLast();
    scheduler.advance(9_000);
    expect(b.nearby().map((device) => device.deviceName)).toEqual(['C']);
    scheduler.advance(1_000);
    expect(b.nearby()).toEqual([]);
    expect(lost).toEqual(['c'.repeat(32)]);
    await c.close();
    await b.close();
    // Nothing polls forever: a handful of packets over a minute of three devices.
    expect(lan.sent()).toBeLessThan(60);
  });

  it('advertises on an interface that appears after start, says goodbye on one that goes, and retries one that would not open', async () => {
    const clock = createManualClock(0);
    const scheduler = createManualScheduler(clock);
    const lan = memoryLan();
    let aInterfaces: { name: string; address: string; ipv6?: string[] }[] = [];
    let failNextOpen = false;
    const advert = (id: string, name: string) => () => ({ instanceId: id.repeat(32), version: '0.1.0', deviceName: name, learnOnly: false, facilityIds: ['f1'] });
    const throwing = (error: unknown) => {
      throw error;
    };
    const interfaceErrors: string[] = [];
    const a = createLanDiscovery({
      interfaces: [],
      listInterfaces: () => aInterfaces,
      interfaceCheckMs: 5_000,
      port: 8080,
      advert: advert('a', 'A'),
      openSocket: (iface) => {
        if (failNextOpen) {
          failNextOpen = false;
          throw new Error(`${iface.name} is not up yet`);
        }
        return lan.open();
      },
      scheduler,
      clock,
      ttlSeconds: 60,
      onListenerError: throwing,
      onInterfaceError: (iface, error) => interfaceErrors.push(`${iface.name}: ${(error as Error).message}`),
    });
    const b = createLanDiscovery({ interfaces: [{ name: 'eth0', address: '10.77.0.2' }], port: 8080, advert: advert('b', 'B'), openSocket: lan.open, scheduler, clock, ttlSeconds: 60, onListenerError: throwing });
    expect(a.interfaces).toEqual([]);
    expect(b.nearby()).toEqual([]);

    // eth0 comes up, but its socket fails the first time: tried again at the next check.
    aInterfaces = [{ name: 'eth0', address: '10.77.0.1', ipv6: ['fd77::1'] }];
    failNextOpen = true;
    scheduler.advance(5_000);
    expect(interfaceErrors).toEqual(['eth0: eth0 is not up yet']);
    expect(b.nearby()).toEqual([]);
    scheduler.advance(5_000);
    expect(a.interfaces.map((iface) => iface.name)).toEqual(['eth0']);
    // Announced at once, and A's own query brought B.
    expect(b.nearby().map((device) => [device.deviceName, device.address, device.ipv6Addresses])).toEqual([['A', 'http://10.77.0.1:8080', ['fd77::1']]]);
    expect(a.nearby().map((device) => device.deviceName)).toEqual(['B']);

    // New IPv6 addresses on the same interface: announced on the same socket.
    const found: string[][] = [];
    b.onDidFind((device) => found.push([...device.ipv6Addresses]));
    aInterfaces = [{ name: 'eth0', address: '10.77.0.1', ipv6: ['fd77::1', 'fd77::2'] }];
    scheduler.advance(5_000);
    expect(found).toEqual([['fd77::1', 'fd77::2']]);

    // eth0 is pulled and plugged back in between two checks (same name and address): the socket
    // failed meanwhile, so the next check opens a new one, which announces A again.
    // (B's socket was opened first, A's eth0 second.)
    expect(lan.opened()).toBe(2);
    lan.fail(1);
    scheduler.advance(5_000);
    expect(lan.opened()).toBe(3);
    expect(lan.isOpen(2)).toBe(true);
    expect(a.interfaces.map((iface) => iface.name)).toEqual(['eth0']);
    expect(b.nearby().map((device) => device.deviceName)).toEqual(['A']);

    // eth0 goes: a goodbye, and B drops A at once rather than after the TTL.
    aInterfaces = [];
    scheduler.advance(5_000);
    expect(a.interfaces).toEqual([]);
    expect(b.nearby()).toEqual([]);
    // Checking the list sends nothing: a quiet minute with no interface is no packet.
    const sent = lan.sent();
    scheduler.advance(60_000);
    expect(lan.sent()).toBe(sent);
    await a.close();
    await b.close();
  });

  it('sees a device that restarted within its TTL as back, so what waits for it (a learner tablet’s sync) runs at once', async () => {
    const clock = createManualClock(0);
    const scheduler = createManualScheduler(clock);
    const lan = memoryLan();
    const throwing = (error: unknown) => {
      throw error;
    };
    const start = (id: string, name: string, address: string) =>
      createLanDiscovery({
        interfaces: [{ name: 'eth0', address }],
        port: 8080,
        advert: () => ({ instanceId: id.repeat(32), version: '0.1.0', deviceName: name, learnOnly: false, facilityIds: ['f1'] }),
        openSocket: lan.open,
        scheduler,
        clock,
        ttlSeconds: 120,
        onListenerError: throwing,
      });
    const c = start('c', 'C', '10.77.0.3');
    const found: string[] = [];
    c.onDidFind((device) => found.push(`${device.deviceName} ${device.startedAt}`));
    const a = start('a', 'A', '10.77.0.1');
    expect(found).toEqual(['A 0']);
    // A crashes (no goodbye) and is back 20 s later, long before its TTL ran out on C.
    lan.crashLast();
    scheduler.advance(20_000);
    const again = start('a', 'A', '10.77.0.1');
    expect(found).toEqual(['A 0', 'A 20000']);
    expect(c.nearby()).toHaveLength(1);
    await again.close();
    await a.close();
    await c.close();
  });
});
