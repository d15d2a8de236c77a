import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CoreError } from '../common/core-error.js';
import { defaultHome } from './serve-options.js';

/** What `npm run backup` is told: whose home, and either where to write a backup or which to restore. */
export type BackupCliOptions =
  | { readonly action: 'backup'; readonly home: string; readonly out: string }
  | { readonly action: 'restore'; readonly home: string; readonly from: string };

const USAGE = 'Usage: npm run backup -- --home DIR --out FILE (take a backup) or --home DIR --from FILE (restore one onto a device not set up yet)';

/** Parses the flags of the backup CLI; `--home` falls back to OUTPOST_HOME like `serve`. Exactly one of `--out` and `--from`. */
export function parseBackupOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BackupCliOptions {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { home: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new CoreError('CONFIG_INVALID', `${(error as Error).message.split('\n')[0]} ${USAGE}`);
  }
  if (values.home !== undefined && values.home.trim() === '') throw new CoreError('CONFIG_INVALID', `--home must name a folder. ${USAGE}`);
  const home = values.home !== undefined ? resolve(values.home) : defaultHome(env);
  if ((values.out === undefined) === (values.from === undefined)) throw new CoreError('CONFIG_INVALID', `Give exactly one of --out and --from. ${USAGE}`);
  if (values.out !== undefined) {
    if (values.out.trim() === '') throw new CoreError('CONFIG_INVALID', `--out must name a file. ${USAGE}`);
    return Object.freeze({ action: 'backup', home, out: resolve(values.out) });
  }
  if (values.from!.trim() === '') throw new CoreError('CONFIG_INVALID', `--from must name a file. ${USAGE}`);
  return Object.freeze({ action: 'restore', home, from: resolve(values.from!) });
}
