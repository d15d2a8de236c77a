import type { Clock } from '../../common/clock.js';
import { createEmitter, type Disposer } from '../../common/events.js';
import type { CancelTask, Scheduler } from '../../common/scheduler.js';
import { advertRecords, localHostName, OUTPOST_SERVICE_TYPE, readAdverts, type DeviceAdvert, type FoundDevice } from './dns-sd-records.js';
import type { MdnsSocket } from './mdns-socket.js';

/** An IPv4 interface discovery runs on. */
export interface DiscoveryInterface {
  readonly name: string;
  readonly address: string;
}

/** A device found nearby, until its advert expires. */
export interface NearbyDevice extends Omit<FoundDevice, 'ttl'> {
  /** When it was last heard (ms). */
  readonly seenAt: number;
  /** When it disappears unless heard again (ms). */
  readonly expiresAt: number;
}

/**
 * DNS-SD over mDNS on the interfaces the server listens on: advertises this device and keeps a
 * list of the other Outpost devices nearby. A device appears when it announces itself or answers a
 * query, and goes when it says goodbye or its advert's TTL runs out (after one refresh query at 80%
 * of it, RFC 6762 §5.2), so a device that vanished without a word still goes. Queries are sent only
 * at start (three, for devices that announced before this one started) and to refresh known devices:
 * nothing polls forever.
 */
export interface LanDiscovery {
  readonly interfaces: readonly DiscoveryInterface[];
  nearby(): readonly NearbyDevice[];
  /** Fires when a device appears or its advert changes (say, a new address). */
  onDidFind(listener: (device: NearbyDevice) => void): Disposer;
  /** Fires when a device leaves (goodbye or TTL). */
  onDidLose(listener: (instanceId: string) => void): Disposer;
  /** Says goodbye on every interface and closes them. */
  close(): Promise<void>;
}

/** What discovery is built from. */
export interface LanDiscoveryOptions {
  readonly interfaces: readonly DiscoveryInterface[];
  /** The HTTP port peers reach this device on. */
  readonly port: number;
  /** What this device says about itself, read at each announcement. */
  readonly advert: () => DeviceAdvert;
  readonly openSocket: (iface: DiscoveryInterface) => MdnsSocket;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  /** TTL of this device's adverts (default 120 s). */
  readonly ttlSeconds?: number;
  readonly onListenerError: (error: unknown) => void;
}

/** Starts discovery: opens a socket per interface, announces twice, queries three times. */
export function createLanDiscovery(options: LanDiscoveryOptions): LanDiscovery {
  const { scheduler, clock } = options;
  const ttl = options.ttlSeconds ?? 120;
  const found = createEmitter<NearbyDevice>(options.onListenerError);
  const lost = createEmitter<string>(options.onListenerError);
  const devices = new Map<string, { device: NearbyDevice; timers: CancelTask[] }>();
  const timers = new Set<CancelTask>();
  let closed = false;

  const later = (delayMs: number, task: () => void): CancelTask => {
    const cancel = scheduler.schedule(delayMs, () => {
      timers.delete(cancel);
      if (!closed) task();
    });
    timers.add(cancel);
    return cancel;
  };

  const sockets = options.interfaces.map((iface) => ({ iface, socket: options.openSocket(iface) }));
  const announce = (recordTtl: number) => {
    const advert = options.advert();
    for (const { iface, socket } of sockets) socket.respond(advertRecords(advert, iface.address, options.port, recordTtl));
  };
  const query = () => {
    for (const { socket } of sockets) socket.query([{ name: OUTPOST_SERVICE_TYPE, type: 'PTR' }]);
  };

  const forget = (instanceId: string) => {
    const entry = devices.get(instanceId);
    if (!entry) return;
    for (const cancel of entry.timers) cancel();
    devices.delete(instanceId);
    lost.fire(instanceId);
  };

  const heard = (records: Parameters<Parameters<MdnsSocket['onResponse']>[0]>[0]) => {
    const own = options.advert().instanceId;
    for (const advert of readAdverts(records)) {
      if (advert.instanceId === own) continue;
      if (advert.ttl === 0) {
        forget(advert.instanceId);
        continue;
      }
      const previous = devices.get(advert.instanceId);
      for (const cancel of previous?.timers ?? []) cancel();
      const now = clock.now();
      const { ttl: advertTtl, ...rest } = advert;
      const device: NearbyDevice = Object.freeze({ ...rest, seenAt: now, expiresAt: now + advertTtl * 1000 });
      devices.set(advert.instanceId, { device, timers: [later(advertTtl * 800, query), later(advertTtl * 1000, () => forget(advert.instanceId))] });
      const changed = !previous || previous.device.address !== device.address || previous.device.deviceName !== device.deviceName || previous.device.facilityIds.join() !== device.facilityIds.join();
      if (changed) found.fire(device);
    }
  };

  for (const { socket } of sockets) {
    socket.onResponse(heard);
    socket.onQuery((questions) => {
      if (questions.some((question) => question.name.toLowerCase() === OUTPOST_SERVICE_TYPE && (question.type === 'PTR' || question.type === 'ANY'))) announce(ttl);
      // Our short .local name, for a learner who types it instead of an address.
      const host = localHostName(options.advert().instanceId);
      if (questions.some((question) => question.name.toLowerCase() === host && (question.type === 'A' || question.type === 'ANY'))) {
        for (const { iface, socket } of sockets) socket.respond([{ name: host, type: 'A', ttl, data: iface.address }]);
      }
    });
  }
  announce(ttl);
  query();
  later(1_000, () => {
    announce(ttl);
    query();
  });
  later(3_000, query);

  return Object.freeze({
    interfaces: Object.freeze([...options.interfaces]),
    nearby: () => [...devices.values()].map((entry) => entry.device).sort((a, b) => a.deviceName.localeCompare(b.deviceName)),
    onDidFind: found.on,
    onDidLose: lost.on,
    async close() {
      if (closed) return;
      closed = true;
      for (const cancel of timers) cancel();
      timers.clear();
      // Goodbye (TTL 0): the others drop this device at once instead of waiting for the TTL.
      announce(0);
      await Promise.all(sockets.map(({ socket }) => socket.close()));
    },
  });
}
