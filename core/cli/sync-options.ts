import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreError } from '../common/core-error.js';
import { defaultHome } from './serve-options.js';

/** What `npm run sync` is told: whose home, which peer, which facility, whose credentials. */
export interface SyncCliOptions {
  readonly home: string;
  readonly peer: string;
  readonly facilityId: string;
  readonly username: string;
  readonly password: string;
  /** `--allow-loopback-peers`: the peer may be on this machine's loopback. For tests only. */
  readonly allowLoopbackPeers: boolean;
}

const USAGE = 'Usage: npm run sync -- --home DIR --peer http://HOST:PORT --facility ID --username U --password P [--allow-loopback-peers]';

/**
 * Parses the flags of the sync CLI. `--home` falls back to OUTPOST_HOME like `serve`; the password
 * may come from OUTPOST_SYNC_PASSWORD instead of the command line (which other users can see).
 */
export function parseSyncOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SyncCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { home: { type: 'string' }, peer: { type: 'string' }, facility: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, 'allow-loopback-peers': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CoreError('CONFIG_INVALID', `${(error as Error).message.split('\n')[0]} ${USAGE}`);
  }
  const password = values.password ?? env.OUTPOST_SYNC_PASSWORD;
  const missing = [!values.peer && '--peer', !values.facility && '--facility', !values.username && '--username', !password && '--password'].filter(Boolean);
  if (missing.length > 0) throw new CoreError('CONFIG_INVALID', `Missing ${missing.join(', ')}. ${USAGE}`);
  if (values.home !== undefined && values.home.trim() === '') throw new CoreError('CONFIG_INVALID', '--home must name a folder.');
  let peer: URL;
  try {
    peer = new URL(values.peer!);
  } catch {
    throw new CoreError('CONFIG_INVALID', `--peer must be an address like http://192.168.1.20:8080, got "${values.peer}".`);
  }
  if (peer.protocol !== 'http:' && peer.protocol !== 'https:') throw new CoreError('CONFIG_INVALID', `--peer must start with http:// or https://, got "${values.peer}".`);
  return Object.freeze({
    home: values.home !== undefined ? resolve(values.home) : defaultHome(env),
    peer: `${peer.protocol}//${peer.host}`,
    facilityId: values.facility!,
    username: values.username!,
    password: password!,
    allowLoopbackPeers: values['allow-loopback-peers'] === true,
  });
}
