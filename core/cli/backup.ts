#!/usr/bin/env node
import { createCore, isCoreError, type Core } from '../index.js';
import { parseBackupOptions } from './backup-options.js';

/** Exit code for bad flags, as `serve` uses. */
const EXIT_CONFIG = 2;

/**
 * `npm run backup -- --home DIR --out FILE`: a backup of every database of that home, taken with
 * SQLite's online backup, so the server on that home may keep running. `--from FILE` restores one
 * onto a home that is not set up yet (checked whole first; a bad file changes nothing). Prints one
 * line; errors are one line too.
 */
async function main(): Promise<void> {
  let options;
  try {
    options = parseBackupOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`outpost backup: ${(error as Error).message}`);
    process.exit(EXIT_CONFIG);
  }
  let core: Core | undefined;
  try {
    core = await createCore({ home: options.home });
    if (options.action === 'backup') {
      const manifest = await core.backup.write(options.out);
      const bytes = manifest.databases.reduce((sum, entry) => sum + entry.bytes, 0);
      console.log(`Backed up ${manifest.databases.map((entry) => entry.name).join(', ')} (${bytes} bytes) of ${options.home} to ${options.out}.`);
    } else {
      if (core.facility.setup.isProvisioned()) {
        throw new Error(`${options.home} already holds a set-up device; restore into a new, empty home folder.`);
      }
      const manifest = await core.backup.restore(options.from);
      console.log(`Restored the backup of ${new Date(manifest.createdAt).toISOString()} (Outpost ${manifest.outpostVersion}) into ${options.home}.`);
    }
    await core.close();
    process.exit(0);
  } catch (error) {
    await core?.close().catch(() => {});
    if (isCoreError(error, 'CONFIG_INVALID')) {
      console.error(`outpost backup: ${error.message}`);
      process.exit(EXIT_CONFIG);
    }
    console.error(`outpost backup: ${isCoreError(error) && error.code === 'INTERNAL' ? String(error.cause ?? error) : (error as Error).message}`);
    process.exit(1);
  }
}

void main();
