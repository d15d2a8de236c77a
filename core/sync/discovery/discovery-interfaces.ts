/** One address of a network interface, as `os.networkInterfaces()` lists it. */
export interface InterfaceAddress {
  readonly address: string;
  readonly family: string | number;
  readonly internal: boolean;
  /** Its link-layer address; a link made anew (a USB adapter plugged back in, a new veth) may get another. */
  readonly mac?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '::1']);

/** True for a host that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The interfaces discovery may use for a server listening on `host`, each by its IPv4 address (the
 * mDNS socket's): none on loopback; for 0.0.0.0 every non-internal one; for :: (IPv4 and IPv6) the
 * same, each with its IPv6 addresses (link-local and ULA included) for AAAA records; for one IPv4
 * address, the interface holding it. `only` (names) limits them further.
 */
export function discoveryInterfaces(host: string, interfaces: Readonly<Record<string, readonly InterfaceAddress[] | undefined>>, only?: readonly string[]): { name: string; address: string; ipv6?: string[]; mac?: string }[] {
  if (isLoopbackHost(host)) return [];
  const dualStack = host === '::';
  const everywhere = host === '0.0.0.0' || dualStack;
  const chosen: { name: string; address: string; ipv6?: string[]; mac?: string }[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    if (only && !only.includes(name)) continue;
    const ipv6 = (addresses ?? []).filter((entry) => (entry.family === 'IPv6' || entry.family === 6) && !entry.internal).map((entry) => entry.address);
    for (const entry of addresses ?? []) {
      const ipv4 = entry.family === 'IPv4' || entry.family === 4;
      if (!ipv4 || entry.internal) continue;
      if (!everywhere && entry.address !== host) continue;
      chosen.push({ name, address: entry.address, ...(dualStack && ipv6.length > 0 ? { ipv6 } : {}), ...(entry.mac && entry.mac !== '00:00:00:00:00:00' ? { mac: entry.mac } : {}) });
    }
  }
  return chosen;
}
