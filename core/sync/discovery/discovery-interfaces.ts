/** One address of a network interface, as `os.networkInterfaces()` lists it. */
export interface InterfaceAddress {
  readonly address: string;
  readonly family: string | number;
  readonly internal: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '::1']);

/** True for a host that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The IPv4 interfaces discovery may use for a server listening on `host`: none on loopback; for
 * 0.0.0.0 (or ::) every non-internal one; for one address, the interface holding it. `only` (names)
 * limits them further.
 */
export function discoveryInterfaces(host: string, interfaces: Readonly<Record<string, readonly InterfaceAddress[] | undefined>>, only?: readonly string[]): { name: string; address: string }[] {
  if (isLoopbackHost(host)) return [];
  const everywhere = host === '0.0.0.0' || host === '::';
  const chosen: { name: string; address: string }[] = [];
  for (const [name, addresses] of Object.entries(interfaces)) {
    if (only && !only.includes(name)) continue;
    for (const entry of addresses ?? []) {
      const ipv4 = entry.family === 'IPv4' || entry.family === 4;
      if (!ipv4 || entry.internal) continue;
      if (everywhere || entry.address === host) chosen.push({ name, address: entry.address });
    }
  }
  return chosen;
}
