/** Outpost's own DNS-SD service type: devices browse for it and nothing else. */
export const OUTPOST_SERVICE_TYPE = '_outpost._tcp.local';

/** A DNS record as the mDNS layer sends and receives it (the parts DNS-SD needs). */
export type MdnsRecord =
  | { readonly name: string; readonly type: 'PTR'; readonly ttl: number; readonly data: string }
  | { readonly name: string; readonly type: 'SRV'; readonly ttl: number; readonly data: { readonly port: number; readonly target: string; readonly priority?: number; readonly weight?: number } }
  | { readonly name: string; readonly type: 'TXT'; readonly ttl: number; readonly data: readonly (string | Uint8Array)[] }
  | { readonly name: string; readonly type: 'A'; readonly ttl: number; readonly data: string }
  | { readonly name: string; readonly type: 'AAAA'; readonly ttl: number; readonly data: string };

/** What a device says about itself on the LAN. */
export interface DeviceAdvert {
  readonly instanceId: string;
  readonly version: string;
  readonly deviceName: string;
  readonly learnOnly: boolean;
  readonly facilityIds: readonly string[];
}

/** A device found on the LAN: its advert and where its HTTP server answers. */
export interface FoundDevice extends DeviceAdvert {
  /** `http://IP:PORT` (IPv4), or `http://[IPv6]:PORT` for a device that advertised no IPv4 address. */
  readonly address: string;
  /** The IPv6 addresses it advertised (link-local and ULA included), for a server that listens on IPv6. */
  readonly ipv6Addresses: readonly string[];
  /**
   * When its discovery started (ms, from its advert), or null if it did not say: a device that
   * restarted within its TTL advertises a new value, so the others notice it came back.
   */
  readonly startedAt: number | null;
  /** Seconds the advert is valid from when it was heard; 0 is a goodbye. */
  readonly ttl: number;
}

/** The `.local` host name a device publishes: one label (`outpost-1a2b3c4d.local`), which resolves reliably. */
export function localHostName(instanceId: string): string {
  return `outpost-${instanceId.slice(0, 8)}.local`;
}

/** The service instance name: the device name, made unique by its instance id. */
function instanceName(advert: DeviceAdvert): string {
  const label = advert.deviceName.replace(/[.\\]/g, ' ').slice(0, 40);
  return `${label} (${advert.instanceId.slice(0, 6)}).${OUTPOST_SERVICE_TYPE}`;
}

/** A TXT string holds at most 255 bytes; facility ids go in as many as fit. */
function facilityStrings(ids: readonly string[]): string[] {
  const strings: string[] = [];
  let current = '';
  for (const id of ids) {
    const next = current === '' ? id : `${current},${id}`;
    if (new TextEncoder().encode(`f=${next}`).length > 255) {
      strings.push(`f=${current}`);
      current = id;
    } else current = next;
  }
  if (current !== '') strings.push(`f=${current}`);
  return strings.slice(0, 8);
}

/** Where a device's HTTP server answers on one interface: its IPv4 address and, when it listens on IPv6, that interface's IPv6 addresses. */
export interface AdvertAddresses {
  readonly ipv4: string;
  readonly ipv6?: readonly string[];
}

/** The records of `host`'s addresses (A, and AAAA for each IPv6 address), valid `ttl` seconds. */
export function addressRecords(host: string, addresses: AdvertAddresses, ttl: number): MdnsRecord[] {
  return [{ name: host, type: 'A', ttl, data: addresses.ipv4 }, ...(addresses.ipv6 ?? []).map((ip): MdnsRecord => ({ name: host, type: 'AAAA', ttl, data: ip }))];
}

/**
 * The records that advertise a device at `addresses` and `port` (PTR, SRV, TXT, A, AAAA), valid
 * `ttl` seconds (0: goodbye). `startedAt` goes in the TXT record as `s` (base 36).
 */
export function advertRecords(advert: DeviceAdvert, addresses: AdvertAddresses, port: number, ttl: number, startedAt?: number): MdnsRecord[] {
  const name = instanceName(advert);
  const host = localHostName(advert.instanceId);
  const txt = [`id=${advert.instanceId}`, `v=${advert.version.slice(0, 64)}`, `n=${advert.deviceName.slice(0, 64)}`, `lo=${advert.learnOnly ? 1 : 0}`, ...(startedAt === undefined ? [] : [`s=${Math.max(0, Math.floor(startedAt)).toString(36)}`]), ...facilityStrings(advert.facilityIds)];
  return [
    { name: OUTPOST_SERVICE_TYPE, type: 'PTR', ttl, data: name },
    { name, type: 'SRV', ttl, data: { port, target: host, priority: 0, weight: 0 } },
    { name, type: 'TXT', ttl, data: txt },
    ...addressRecords(host, addresses, ttl),
  ];
}

/** An IPv6 address as written in DNS answers (no zone, no brackets). */
const IPV6 = /^[0-9a-f:]+(:\d{1,3}(\.\d{1,3}){3})?$/i;
/** fe80::/10: usable only with a zone (`%eth0`), which browsers do not take in URLs. */
const isLinkLocal6 = (ip: string) => /^fe[89ab][0-9a-f]:/i.test(ip);

const text = (value: string | Uint8Array) => (typeof value === 'string' ? value : new TextDecoder().decode(value));

/**
 * The Outpost devices a response packet advertises, read from its answers and additionals. A
 * record set that is incomplete or malformed is left out: the next announcement completes it.
 */
export function readAdverts(records: readonly MdnsRecord[]): FoundDevice[] {
  const found: FoundDevice[] = [];
  for (const pointer of records) {
    if (pointer.type !== 'PTR' || pointer.name.toLowerCase() !== OUTPOST_SERVICE_TYPE) continue;
    const srv = records.find((record) => record.type === 'SRV' && record.name === pointer.data);
    const txt = records.find((record) => record.type === 'TXT' && record.name === pointer.data);
    if (srv?.type !== 'SRV' || txt?.type !== 'TXT') continue;
    const target = srv.data.target.toLowerCase();
    const a = records.find((record) => record.type === 'A' && record.name.toLowerCase() === target);
    const ipv6Addresses = [...new Set(records.flatMap((record) => (record.type === 'AAAA' && record.name.toLowerCase() === target && IPV6.test(record.data) && record.data.includes(':') ? [record.data.toLowerCase()] : [])))].slice(0, 16);
    const fields = new Map<string, string>();
    for (const entry of txt.data.map(text)) {
      const at = entry.indexOf('=');
      if (at > 0) fields.set(entry.slice(0, at), (fields.has(entry.slice(0, at)) ? `${fields.get(entry.slice(0, at))},` : '') + entry.slice(at + 1));
    }
    const instanceId = fields.get('id') ?? '';
    const port = srv.data.port;
    const ipv4 = a?.type === 'A' && /^\d{1,3}(\.\d{1,3}){3}$/.test(a.data) ? a.data : undefined;
    // Without IPv4, a routable IPv6 address (ULA or global) will do; a link-local one cannot go in a URL.
    const routable6 = ipv6Addresses.find((ip) => !isLinkLocal6(ip));
    if (!/^[0-9a-f]{32}$/.test(instanceId) || (ipv4 === undefined && routable6 === undefined) || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    const started = /^[0-9a-z]{1,12}$/.test(fields.get('s') ?? '') ? parseInt(fields.get('s')!, 36) : null;
    found.push(
      Object.freeze({
        instanceId,
        version: (fields.get('v') ?? '').slice(0, 64),
        deviceName: (fields.get('n') ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').slice(0, 64) || instanceId.slice(0, 8),
        learnOnly: fields.get('lo') === '1',
        facilityIds: (fields.get('f') ?? '').split(',').filter((id) => id !== '' && id.length <= 64).slice(0, 100),
        address: ipv4 !== undefined ? `http://${ipv4}:${port}` : `http://[${routable6}]:${port}`,
        ipv6Addresses,
        startedAt: started,
        ttl: Math.min(pointer.ttl, srv.ttl),
      }),
    );
  }
  return found;
}
