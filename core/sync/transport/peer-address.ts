import { BlockList, isIP } from 'node:net';
import { CoreError } from '../../common/core-error.js';

/** A peer's base URL, parsed: where to connect, and what to send as `Host`. */
export interface PeerBaseUrl {
  /** `scheme://host[:port]`, the form peers are stored and compared in. */
  readonly href: string;
  readonly protocol: 'http:' | 'https:';
  /** The host name or address, IPv6 without brackets. */
  readonly hostname: string;
  readonly port: number;
  /** `host[:port]` as in the URL, for the `Host` header. */
  readonly host: string;
}

/**
 * Which addresses a request to a peer may reach. `lan`: private (RFC 1918, fc00::/7) unicast
 * addresses only, what an anonymous caller on a device that is not set up gets. `unicast`: any
 * unicast address but loopback, link-local, unspecified and reserved ones (a signed-in admin or the
 * operator's CLI). Loopback only with `allowLoopback`, which only tests set.
 */
export interface PeerAddressPolicy {
  readonly reach: PeerReach;
  readonly allowLoopback: boolean;
}

/** How far a caller may make this device reach: `lan` (private addresses) or `unicast` (any but special ones). */
export type PeerReach = 'lan' | 'unicast';

const invalid = (text: string, why: string) => new CoreError('INVALID_INPUT', `"${text.slice(0, 200)}" is not a peer address: ${why} Use one like http://192.168.1.20:8080.`, [{ path: 'address', message: why }]);

/**
 * Parses the address a person typed as a peer's base URL: http or https, a host and an optional
 * port, and nothing else (no user name or password, path, query or fragment), since the device
 * only ever fetches the sync protocol's own paths below it. INVALID_INPUT (field `address`) otherwise.
 */
export function parsePeerBaseUrl(text: string): PeerBaseUrl {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid(text, 'it is not a URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(text, 'it must start with http:// or https://.');
  if (url.username !== '' || url.password !== '' || text.includes('@')) throw invalid(text, 'it may not carry a user name or password.');
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) throw invalid(text, 'it may not carry a query or fragment.');
  if (url.pathname !== '/' && url.pathname !== '') throw invalid(text, 'it may not name a path; give only the device’s address and port.');
  if (url.hostname === '') throw invalid(text, 'it names no host.');
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return Object.freeze({ href: `${url.protocol}//${url.host}`, protocol: url.protocol, hostname, port, host: url.host });
}

/** What an IP address is, for deciding whether a peer request may reach it. */
export type AddressKind = 'loopback' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'private' | 'public';

function subnets(list: readonly (readonly [string, number])[]): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix] of list) blocks.addSubnet(network, prefix, network.includes(':') ? 'ipv6' : 'ipv4');
  return blocks;
}

// IPv4 rules also match IPv4-mapped IPv6 addresses (::ffff:127.0.0.1), which BlockList handles.
const kinds: readonly (readonly [AddressKind, BlockList])[] = [
  ['unspecified', subnets([['0.0.0.0', 8], ['::', 128]])],
  ['loopback', subnets([['127.0.0.0', 8], ['::1', 128]])],
  ['link-local', subnets([['169.254.0.0', 16], ['fe80::', 10]])],
  ['multicast', subnets([['224.0.0.0', 4], ['ff00::', 8]])],
  // IPv4-compatible (::a.b.c.d), broadcast and the class-E block, NAT64 and 6to4: nothing a peer lives on.
  ['reserved', subnets([['240.0.0.0', 4], ['::', 96], ['64:ff9b::', 96], ['2002::', 16], ['100::', 64]])],
  ['private', subnets([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['fc00::', 7]])],
];

/** Classifies an IP address (v4, or v6 without brackets or zone). */
export function addressKind(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, blocks] of kinds) if (blocks.check(address, type)) return kind;
  return 'public';
}

/** True when `policy` lets a peer request connect to the IP `address`. */
export function addressAllowed(address: string, policy: PeerAddressPolicy): boolean {
  const kind = addressKind(address);
  if (kind === 'loopback') return policy.allowLoopback;
  if (kind === 'private') return true;
  return kind === 'public' && policy.reach === 'unicast';
}
