/** Outpost's own DNS-SD service type: devices browse for it and nothing else. */
export const OUTPOST_SERVICE_TYPE = '_outpost._tcp.local';

/** A DNS record as the mDNS layer sends and receives it (the parts DNS-SD needs). */
export type MdnsRecord =
  | { readonly name: string; readonly type: 'PTR'; readonly ttl: number; readonly data: string }
  | { readonly name: string; readonly type: 'SRV'; readonly ttl: number; readonly data: { readonly port: number; readonly target: string; readonly priority?: number; readonly weight?: number } }
  | { readonly name: string; readonly type: 'TXT'; readonly ttl: number; readonly data: readonly (string | Uint8Array)[] }
  | { readonly name: string; readonly type: 'A'; readonly ttl: number; readonly data: string };

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
  /** `http://IP:PORT` */
  readonly address: string;
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

/** The records that advertise a device at `ip:port` (PTR, SRV, TXT, A), valid `ttl` seconds (0: goodbye). */
export function advertRecords(advert: DeviceAdvert, ip: string, port: number, ttl: number): MdnsRecord[] {
  const name = instanceName(advert);
  const host = localHostName(advert.instanceId);
  const txt = [`id=${advert.instanceId}`, `v=${advert.version.slice(0, 64)}`, `n=${advert.deviceName.slice(0, 64)}`, `lo=${advert.learnOnly ? 1 : 0}`, ...facilityStrings(advert.facilityIds)];
  return [
    { name: OUTPOST_SERVICE_TYPE, type: 'PTR', ttl, data: name },
    { name, type: 'SRV', ttl, data: { port, target: host, priority: 0, weight: 0 } },
    { name, type: 'TXT', ttl, data: txt },
    { name: host, type: 'A', ttl, data: ip },
  ];
}

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
    const a = records.find((record) => record.type === 'A' && record.name.toLowerCase() === srv.data.target.toLowerCase());
    const fields = new Map<string, string>();
    for (const entry of txt.data.map(text)) {
      const at = entry.indexOf('=');
      if (at > 0) fields.set(entry.slice(0, at), (fields.has(entry.slice(0, at)) ? `${fields.get(entry.slice(0, at))},` : '') + entry.slice(at + 1));
    }
    const instanceId = fields.get('id') ?? '';
    const port = srv.data.port;
    if (!/^[0-9a-f]{32}$/.test(instanceId) || a?.type !== 'A' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(a.data) || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    found.push(
      Object.freeze({
        instanceId,
        version: (fields.get('v') ?? '').slice(0, 64),
        deviceName: (fields.get('n') ?? '').replace(/[\p{Cc}\p{Cf}]+/gu, ' ').slice(0, 64) || instanceId.slice(0, 8),
        learnOnly: fields.get('lo') === '1',
        facilityIds: (fields.get('f') ?? '').split(',').filter((id) => id !== '' && id.length <= 64).slice(0, 100),
        address: `http://${a.data}:${port}`,
        ttl: Math.min(pointer.ttl, srv.ttl),
      }),
    );
  }
  return found;
}
