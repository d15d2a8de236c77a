import type { Clock } from '../../common/clock.js';
import { createEmitter, type Disposer } from '../../common/events.js';
import type { CancelTask, Scheduler } from '../../common/scheduler.js';
import { addressRecords, advertRecords, localHostName, OUTPOST_SERVICE_TYPE, readAdverts, type DeviceAdvert, type FoundDevice } from './dns-sd-records.js';
import type { MdnsSocket } from './mdns-socket.js';

/** An interface discovery runs on: its IPv4 address (the mDNS socket's), and the IPv6 ones to advertise beside it. */
export interface DiscoveryInterface {
  readonly name: string;
  readonly address: string;
  /** Present when the server listens on IPv6 too (host `::`): AAAA records. */
  readonly ipv6?: readonly string[];
  /**
   * Its link-layer address, when known: a link that was removed and made again may come back with
   * the same name and IP but another MAC, and its old socket lost its group membership with it.
   */
  readonly mac?: string;
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
 * at start (three, for devices that announced before this one started), on an interface that
 * appeared, and to refresh known devices: nothing polls forever. With `listInterfaces`, the list of
 * interfaces is read again on a scheduler tick (a local call, no packet): one that appears gets a
 * socket, two announcements and a query; one that goes gets a goodbye (when it can still send) and
 * its socket closed.
 */
export interface LanDiscovery {
  /** The interfaces it runs on now. */
  readonly interfaces: readonly DiscoveryInterface[];
  nearby(): readonly NearbyDevice[];
  /** Fires when a device appears or its advert changes (say, a new address, or it restarted). */
  onDidFind(listener: (device: NearbyDevice) => void): Disposer;
  /** Fires when a device leaves (goodbye or TTL). */
  onDidLose(listener: (instanceId: string) => void): Disposer;
  /** Says goodbye on every interface and closes them. */
  close(): Promise<void>;
}

/** What discovery is built from. */
export interface LanDiscoveryOptions {
  /** The interfaces at start (may be none yet, with `listInterfaces`). */
  readonly interfaces: readonly DiscoveryInterface[];
  /** Reads the interfaces again (say, `discoveryInterfaces` over `os.networkInterfaces()`); without it the list stays as at start. */
  readonly listInterfaces?: () => readonly DiscoveryInterface[];
  /** How often `listInterfaces` is asked (default 10 s). */
  readonly interfaceCheckMs?: number;
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
  /** Hears an interface that could not be opened or said goodbye on (an appearing one is tried again at the next check). */
  readonly onInterfaceError?: (iface: DiscoveryInterface, error: unknown) => void;
}

/** Starts discovery: opens a socket per interface, announces twice, queries three times. */
export function createLanDiscovery(options: LanDiscoveryOptions): LanDiscovery {
  const { scheduler, clock } = options;
  const ttl = options.ttlSeconds ?? 120;
  const found = createEmitter<NearbyDevice>(options.onListenerError);
  const lost = createEmitter<string>(options.onListenerError);
  const devices = new Map<string, { device: NearbyDevice; timers: CancelTask[] }>();
  const timers = new Set<CancelTask>();
  const sockets = new Map<string, { iface: DiscoveryInterface; readonly socket: MdnsSocket }>();
  const broken = new Set<MdnsSocket>();
  // When this run of discovery started, in every advert: a device that restarted within its TTL
  // says a new value, so the others see it came back (a learner's tablet syncs with it at once).
  const startedAt = clock.now();
  let closed = false;

  const later = (delayMs: number, task: () => void): CancelTask => {
    const cancel = scheduler.schedule(delayMs, () => {
      timers.delete(cancel);
      if (!closed) task();
    });
    timers.add(cancel);
    return cancel;
  };
  const interfaceKey = (iface: DiscoveryInterface) => `${iface.name}/${iface.address}/${iface.mac ?? ''}`;
  const interfaceError = (iface: DiscoveryInterface, error: unknown) => (options.onInterfaceError ? options.onInterfaceError(iface, error) : options.onListenerError(error));

  const announceOn = (iface: DiscoveryInterface, socket: MdnsSocket, recordTtl: number) => {
    socket.respond(advertRecords(options.advert(), { ipv4: iface.address, ipv6: iface.ipv6 ?? [] }, options.port, recordTtl, startedAt));
  };
  const announce = (recordTtl: number) => {
    for (const { iface, socket } of sockets.values()) announceOn(iface, socket, recordTtl);
  };
  const queryOn = (socket: MdnsSocket) => socket.query([{ name: OUTPOST_SERVICE_TYPE, type: 'PTR' }]);
  const query = () => {
    for (const { socket } of sockets.values()) queryOn(socket);
  };

  const forget = (instanceId: string) => {
    const entry = devices.get(instanceId);
    if (!entry) return;
    for (const cancel of entry.timers) cancel();
    devices.delete(instanceId);
    lost.fire(instanceId);
  };

  const heard = (records: Parameters<Parameters<MdnsSocket['onResponse']>[0]>[0]) => {
    if (closed) return;
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
      const changed =
        !previous ||
        previous.device.address !== device.address ||
        previous.device.deviceName !== device.deviceName ||
        previous.device.facilityIds.join() !== device.facilityIds.join() ||
        previous.device.ipv6Addresses.join() !== device.ipv6Addresses.join() ||
        previous.device.startedAt !== device.startedAt;
      if (changed) found.fire(device);
    }
  };

  const openOn = (iface: DiscoveryInterface): MdnsSocket | undefined => {
    let socket: MdnsSocket;
    try {
      socket = options.openSocket(iface);
    } catch (error) {
      interfaceError(iface, error);
      return undefined;
    }
    socket.onResponse(heard);
    // A socket whose interface went away under it (and may be back with the same name and address)
    // has lost its group membership: the next check opens it anew.
    socket.onError(() => broken.add(socket));
    socket.onQuery((questions) => {
      if (closed) return;
      if (questions.some((question) => question.name.toLowerCase() === OUTPOST_SERVICE_TYPE && (question.type === 'PTR' || question.type === 'ANY'))) announce(ttl);
      // Our short .local name, for a learner who types it instead of an address.
      const host = localHostName(options.advert().instanceId);
      if (questions.some((question) => question.name.toLowerCase() === host && (question.type === 'A' || question.type === 'AAAA' || question.type === 'ANY'))) {
        for (const { iface: each, socket: on } of sockets.values()) on.respond(addressRecords(host, { ipv4: each.address, ipv6: each.ipv6 ?? [] }, ttl));
      }
    });
    sockets.set(interfaceKey(iface), { iface, socket });
    return socket;
  };

  // Interfaces that come and go: Wi-Fi joined after start, a cable pulled, a new DHCP address.
  const recheck = () => {
    let wanted: readonly DiscoveryInterface[];
    try {
      wanted = options.listInterfaces?.() ?? [];
    } catch (error) {
      options.onListenerError(error);
      return;
    }
    const keys = new Set(wanted.map(interfaceKey));
    for (const [key, entry] of [...sockets]) {
      const failed = broken.delete(entry.socket);
      if (keys.has(key) && !failed) continue;
      sockets.delete(key);
      // A goodbye while it may still send (an address moved, a limit changed). A failed socket is
      // only replaced (no goodbye: the device has not left); on a link that is gone nothing can be
      // sent, and the others there drop this device when its TTL runs out.
      if (!failed) {
        try {
          announceOn(entry.iface, entry.socket, 0);
        } catch (error) {
          interfaceError(entry.iface, error);
        }
      }
      void entry.socket.close().catch((error: unknown) => interfaceError(entry.iface, error));
    }
    for (const iface of wanted) {
      const key = interfaceKey(iface);
      const current = sockets.get(key);
      if (current) {
        // The same IPv4 address with other IPv6 ones: the same socket announces the new records.
        if ((current.iface.ipv6 ?? []).join() !== (iface.ipv6 ?? []).join()) {
          current.iface = iface;
          announceOn(iface, current.socket, ttl);
        }
        continue;
      }
      const socket = openOn(iface);
      if (!socket) continue;
      announceOn(iface, socket, ttl);
      queryOn(socket);
      later(1_000, () => {
        if (sockets.get(key)?.socket === socket) announceOn(iface, socket, ttl);
      });
    }
  };
  const checkEveryMs = options.interfaceCheckMs ?? 10_000;
  const tick = () => {
    recheck();
    later(checkEveryMs, tick);
  };

  for (const iface of options.interfaces) openOn(iface);
  announce(ttl);
  query();
  later(1_000, () => {
    announce(ttl);
    query();
  });
  later(3_000, query);
  if (options.listInterfaces) later(checkEveryMs, tick);

  return Object.freeze({
    get interfaces() {
      return Object.freeze([...sockets.values()].map((entry) => entry.iface));
    },
    nearby: () => [...devices.values()].map((entry) => entry.device).sort((a, b) => a.deviceName.localeCompare(b.deviceName)),
    onDidFind: found.on,
    onDidLose: lost.on,
    async close() {
      if (closed) return;
      closed = true;
      for (const cancel of timers) cancel();
      timers.clear();
      // Goodbye (TTL 0): the others drop this device at once instead of waiting for the TTL.
      for (const { iface, socket } of sockets.values()) {
        try {
          announceOn(iface, socket, 0);
        } catch (error) {
          interfaceError(iface, error);
        }
      }
      await Promise.all([...sockets.values()].map(({ socket }) => socket.close()));
      sockets.clear();
    },
  });
}
