import { isIP } from 'node:net';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../common/clock.js';
import { CoreError } from '../common/core-error.js';

/** Where the allow-list learns this machine's names and addresses; the real OS by default. */
export interface HostSources {
  readonly hostname: () => string;
  /** Every address of every interface, loopback and LAN. */
  readonly addresses: () => readonly string[];
}

/** Options of `createHostAllowList`. */
export interface HostAllowListOptions {
  /** Extra names or addresses this device is reached by (a reverse proxy's name, a DNS name). */
  readonly allowedHosts?: readonly string[];
  readonly clock: Clock;
  readonly sources?: HostSources;
}

/** Decides whether a `Host` header names this device. */
export interface HostAllowList {
  /** True when `host` (a Host header, with or without port) is one of this device's names or addresses. */
  allows(host: string | undefined): boolean;
}

// Interfaces change (a laptop joins another Wi-Fi); a miss re-reads them, at most this often.
const REFRESH_MS = 1_000;

/** The operating system's host name and interface addresses. */
export const osHostSources: HostSources = Object.freeze({
  hostname: () => osHostname(),
  addresses: () =>
    Object.values(networkInterfaces())
      .flatMap((entries) => entries ?? [])
      .map((entry) => entry.address),
});

/** The host part of a Host header, lower-case, without port, brackets or a trailing dot; undefined if malformed. */
export function hostOf(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    const rest = value.slice(end + 1);
    if (end === -1 || (rest !== '' && !/^:\d{1,5}$/.test(rest))) return undefined;
    return value.slice(1, end);
  }
  const colon = value.indexOf(':');
  const name = colon === -1 ? value : value.slice(0, colon);
  if (colon !== -1 && !/^\d{1,5}$/.test(value.slice(colon + 1))) return undefined;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  return bare === '' ? undefined : bare;
}

/** Normalises one configured allowed host; throws `CONFIG_INVALID` for an empty or malformed one. */
export function normaliseAllowedHost(entry: string): string {
  const host = hostOf(entry);
  if (host === undefined || /[\s/@]/.test(host)) throw new CoreError('CONFIG_INVALID', `Allowed host "${entry}" is not a host name or address.`);
  return host;
}

/**
 * Creates the allow-list: localhost and loopback addresses, this machine's host name (also with
 * `.local`, as mDNS announces it), every interface address, and `allowedHosts`. Any port.
 * DNS rebinding sends a name the attacker controls in `Host`; that name is on none of these lists.
 */
export function createHostAllowList(options: HostAllowListOptions): HostAllowList {
  const sources = options.sources ?? osHostSources;
  const fixed = new Set(['localhost', ...(options.allowedHosts ?? []).map(normaliseAllowedHost)]);
  let learned = new Set<string>();
  let learnedAt = Number.NEGATIVE_INFINITY;
  const learn = () => {
    const name = sources.hostname().toLowerCase();
    learned = new Set([name, `${name}.local`, ...sources.addresses().map((address) => address.toLowerCase())]);
    learnedAt = options.clock.now();
  };
  const known = (host: string) => fixed.has(host) || learned.has(host) || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  return Object.freeze({
    allows(header: string | undefined) {
      const host = header === undefined ? undefined : hostOf(header);
      if (host === undefined) return false;
      if (known(host)) return true;
      if (options.clock.now() - learnedAt < REFRESH_MS) return false;
      learn();
      return known(host);
    },
  });
}

/**
 * Refuses requests whose Host (or, from a trusted proxy, X-Forwarded-Host) is not this device:
 * 400 `INVALID_INPUT`, before any route. Install it before everything else.
 */
export function installHostAllowList(app: FastifyInstance, allowList: HostAllowList): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (allowList.allows(request.host)) return done();
    done(new CoreError('INVALID_INPUT', 'This server does not answer to that host name. Use its address, or add the name to allowedHosts (--allowed-host).'));
  });
}
