import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreError } from '../common/core-error.js';

/** The port Outpost listens on unless told otherwise (Kolibri's too, so school firewalls know it). */
export const DEFAULT_PORT = 8080;
/** Every interface, so learners' browsers on the LAN can reach the server. */
export const DEFAULT_HOST = '0.0.0.0';

/** The headless server's settings after parsing flags and environment. */
export interface ServeOptions {
  readonly home: string;
  readonly port: number;
  readonly host: string;
  /** Reverse proxies whose X-Forwarded-For is believed (`--trusted-proxy`, `OUTPOST_TRUSTED_PROXIES`); none when absent. */
  readonly trustedProxies?: readonly string[];
  /** Extra host names the server answers to (`--allowed-host`, `OUTPOST_ALLOWED_HOSTS`); none when absent. */
  readonly allowedHosts?: readonly string[];
  /** `--allow-loopback-peers`: lets peer requests reach loopback. For tests that pair processes on one machine only. */
  readonly allowLoopbackPeers: boolean;
  /**
   * LAN discovery: off with `--no-discovery` (or OUTPOST_DISCOVERY=off), limited to interfaces by
   * repeatable `--discovery-interface NAME` (OUTPOST_DISCOVERY_INTERFACES), adverts valid
   * `--discovery-ttl SECONDS` (default 120). Never on a loopback host, whatever the flags.
   */
  readonly discovery: { readonly enabled: boolean; readonly interfaces?: readonly string[]; readonly ttlSeconds?: number };
}

/** The home folder: `--home`, else `OUTPOST_HOME`, else `~/.outpost`. */
export function defaultHome(env: NodeJS.ProcessEnv): string {
  return env.OUTPOST_HOME && env.OUTPOST_HOME.trim() !== '' ? resolve(env.OUTPOST_HOME) : join(homedir(), '.outpost');
}

/** Parses a port given as text; whole numbers 0–65535 only (0 picks a free port). */
export function parsePort(text: string, source: string): number {
  if (!/^\d+$/.test(text.trim())) throw new CoreError('CONFIG_INVALID', `${source} must be a whole number from 0 to 65535, got "${text}".`);
  const port = Number(text);
  if (port > 65535) throw new CoreError('CONFIG_INVALID', `${source} must be a whole number from 0 to 65535, got "${text}".`);
  return port;
}

/** A repeatable flag's values, else the comma-separated environment variable's, else undefined. */
function listOption(values: readonly string[] | undefined, envValue: string | undefined): readonly string[] | undefined {
  const list = values && values.length > 0 ? values.flatMap((value) => value.split(',')) : (envValue?.split(',') ?? []);
  const entries = list.map((entry) => entry.trim()).filter((entry) => entry !== '');
  return entries.length > 0 ? Object.freeze(entries) : undefined;
}

/**
 * Parses `--home DIR --port N --host ADDR`, repeatable `--trusted-proxy ADDR|CIDR` and
 * `--allowed-host NAME`, and `--allow-loopback-peers` (tests only); also OUTPOST_HOME /
 * OUTPOST_PORT / OUTPOST_HOST / OUTPOST_TRUSTED_PROXIES / OUTPOST_ALLOWED_HOSTS, the lists
 * comma-separated. The core checks the list entries.
 */
export function parseServeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        home: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'trusted-proxy': { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
        'allow-loopback-peers': { type: 'boolean' },
        'no-discovery': { type: 'boolean' },
        'discovery-interface': { type: 'string', multiple: true },
        'discovery-ttl': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CoreError('CONFIG_INVALID', `${(error as Error).message.split('\n')[0]} Usage: --home DIR --port N --host ADDR [--trusted-proxy ADDR] [--allowed-host NAME] [--allow-loopback-peers] [--no-discovery] [--discovery-interface NAME] [--discovery-ttl SECONDS]`);
  }
  const home = values.home !== undefined ? resolve(values.home) : defaultHome(env);
  if (values.home !== undefined && values.home.trim() === '') throw new CoreError('CONFIG_INVALID', '--home must name a folder.');
  const port =
    values.port !== undefined ? parsePort(values.port, '--port') : env.OUTPOST_PORT ? parsePort(env.OUTPOST_PORT, 'OUTPOST_PORT') : DEFAULT_PORT;
  const host = values.host ?? env.OUTPOST_HOST ?? DEFAULT_HOST;
  if (host.trim() === '') throw new CoreError('CONFIG_INVALID', '--host must be an address such as 0.0.0.0 or 127.0.0.1.');
  const trustedProxies = listOption(values['trusted-proxy'], env.OUTPOST_TRUSTED_PROXIES);
  const allowedHosts = listOption(values['allowed-host'], env.OUTPOST_ALLOWED_HOSTS);
  const interfaces = listOption(values['discovery-interface'], env.OUTPOST_DISCOVERY_INTERFACES);
  const ttlText = values['discovery-ttl'];
  if (ttlText !== undefined && (!/^\d+$/.test(ttlText) || Number(ttlText) < 1 || Number(ttlText) > 4500)) throw new CoreError('CONFIG_INVALID', `--discovery-ttl must be a whole number of seconds from 1 to 4500, got "${ttlText}".`);
  const discovery = Object.freeze({
    enabled: values['no-discovery'] !== true && env.OUTPOST_DISCOVERY !== 'off',
    ...(interfaces ? { interfaces } : {}),
    ...(ttlText !== undefined ? { ttlSeconds: Number(ttlText) } : {}),
  });
  return Object.freeze({ home, port, host, trustedProxies, allowedHosts, allowLoopbackPeers: values['allow-loopback-peers'] === true, discovery });
}
