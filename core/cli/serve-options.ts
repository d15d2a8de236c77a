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
  /** `--allow-loopback-peers`: lets peer requests reach loopback. For tests that pair processes on one machine only. */
  readonly allowLoopbackPeers: boolean;
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

/** Parses `--home DIR --port N --host ADDR [--allow-loopback-peers]` (and OUTPOST_HOME / OUTPOST_PORT / OUTPOST_HOST). */
export function parseServeOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { home: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'allow-loopback-peers': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CoreError('CONFIG_INVALID', `${(error as Error).message.split('\n')[0]} Usage: --home DIR --port N --host ADDR [--allow-loopback-peers]`);
  }
  const home = values.home !== undefined ? resolve(values.home) : defaultHome(env);
  if (values.home !== undefined && values.home.trim() === '') throw new CoreError('CONFIG_INVALID', '--home must name a folder.');
  const port =
    values.port !== undefined ? parsePort(values.port, '--port') : env.OUTPOST_PORT ? parsePort(env.OUTPOST_PORT, 'OUTPOST_PORT') : DEFAULT_PORT;
  const host = values.host ?? env.OUTPOST_HOST ?? DEFAULT_HOST;
  if (host.trim() === '') throw new CoreError('CONFIG_INVALID', '--host must be an address such as 0.0.0.0 or 127.0.0.1.');
  return Object.freeze({ home, port, host, allowLoopbackPeers: values['allow-loopback-peers'] === true });
}
