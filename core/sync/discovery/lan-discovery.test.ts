import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { createManualScheduler } from '../../common/scheduler.js';
import type { MdnsRecord } from './dns-sd-records.js';
import { createLanDiscovery } from './lan-discovery.js';
import type { MdnsSocket } from './mdns-socket.js';

/** An in-memory "LAN": every socket hears what any other sends (no network at all). */
function memoryLan() {
  const sockets: { responses: ((records: readonly MdnsRecord[]) => void)[]; queries: ((q: readonly { name: string; type: string }[]) => void)[]; open: boolean }[] = [];
  let sent = 0;
  const open = (): MdnsSocket => {
    const socket = { responses: [] as ((records: readonly MdnsRecord[]) => void)[], queries: [] as ((q: readonly { name: string; type: string }[]) => void)[], open: true };
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
      close: async () => {
        socket.open = false;
      },
    };
  };
  return {
    open,
    sent: () => sent,
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
});
