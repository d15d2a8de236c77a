import type { NetworkInterfaceInfo } from 'node:os';

/** `os.networkInterfaces()`'s shape, passed in so the choice of addresses is testable. */
export type NetworkInterfaces = NodeJS.Dict<readonly NetworkInterfaceInfo[]>;

/**
 * The addresses learners type to reach this computer: one `http://<ipv4>:<port>` per external IPv4
 * interface. Link-local addresses (169.254.x.x, what a computer gives itself on a network without
 * DHCP) come last: they work, but only when nothing better exists.
 */
export function lanUrls(interfaces: NetworkInterfaces, port: number): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.family === 'IPv4' && !entry.internal && !addresses.includes(entry.address)) addresses.push(entry.address);
    }
  }
  const linkLocal = (address: string) => address.startsWith('169.254.');
  return [...addresses.filter((a) => !linkLocal(a)), ...addresses.filter(linkLocal)].map((address) => `http://${address}:${port}`);
}
