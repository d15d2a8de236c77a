import { lstatSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { UpgradeContext, UpgradeStep } from '../db/upgrade-step.js';

/** The folder of file-based sessions that older servers (Kolibri's file session backend) left in the home folder. */
export const LEGACY_SESSION_FOLDER = 'sessions';

/** The file-system call the step makes; injectable so a test can make removal fail (root removes anything). */
export type RemoveFolder = (path: string) => void;

/**
 * Upgrade step: removes the legacy `sessions/` folder. Sessions now live in `sessions.sqlite3`, and
 * the old files hold session keys nobody should keep. A folder that cannot be removed costs only
 * disk space, so a failure is logged as a warning and start-up goes on.
 */
export function createRemoveLegacySessionFolderStep(removeFolder: RemoveFolder = (path) => rmSync(path, { recursive: true })): UpgradeStep {
  return Object.freeze({
    name: 'remove-legacy-session-folder',
    version: '0.1.0',
    run({ home, logger }: UpgradeContext) {
      const folder = join(home, LEGACY_SESSION_FOLDER);
      let isFolder: boolean;
      try {
        isFolder = lstatSync(folder).isDirectory();
      } catch {
        return; // Nothing there: the usual case.
      }
      // A file or symlink of that name is not what older versions wrote: not ours to remove.
      if (!isFolder) {
        logger.warn(`Found ${folder}, but it is not a folder; left it alone.`);
        return;
      }
      try {
        removeFolder(folder);
        logger.info(`Removed the legacy session folder ${folder}.`);
      } catch (error) {
        logger.warn(`Could not remove the legacy session folder ${folder}: ${(error as Error).message}. It is no longer used; you may delete it by hand.`);
      }
    },
  });
}

/** The step as create-core runs it. */
export const removeLegacySessionFolder: UpgradeStep = createRemoveLegacySessionFolderStep();
