import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../common/logger.js';
import { createCore } from '../create-core.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { createRemoveLegacySessionFolderStep, removeLegacySessionFolder } from './remove-legacy-session-folder.js';

function recordingLogger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { info() {}, warn: (message) => warnings.push(message), error() {}, warnings };
}

function legacyFolder(home: string): string {
  const folder = join(home, 'sessions');
  mkdirSync(join(folder, 'nested'), { recursive: true });
  writeFileSync(join(folder, 'sessionabc123'), 'pickled session with a key');
  writeFileSync(join(folder, 'nested', 'x'), 'x');
  return folder;
}

describe('legacy session folder upgrade step', () => {
  let home: TempHome;
  afterEach(() => home?.remove());

  it('removes the folder when a core starts on an old home folder, records the step, and keeps sessions.sqlite3', async () => {
    home = createTempHome();
    const folder = legacyFolder(home.path);
    const core = await createCore({ home: home.path });
    await core.close();
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(join(home.path, 'sessions.sqlite3'))).toBe(true);
    const db = new Database(join(home.path, 'default.sqlite3'), { readonly: true });
    try {
      expect(db.prepare('select name from app_upgrade_step').all()).toEqual([{ name: 'remove-legacy-session-folder' }]);
      expect(db.prepare('select version from app_version').get()).toEqual({ version: core.version });
    } finally {
      db.close();
    }
  });

  it('runs only once: a folder that appears later is left alone', async () => {
    home = createTempHome();
    await (await createCore({ home: home.path })).close();
    const folder = legacyFolder(home.path);
    await (await createCore({ home: home.path })).close();
    expect(existsSync(folder)).toBe(true);
  });

  it('does nothing without a folder, and leaves a file of that name alone with a warning', () => {
    home = createTempHome();
    const logger = recordingLogger();
    removeLegacySessionFolder.run({ home: home.path, logger });
    expect(logger.warnings).toEqual([]);
    writeFileSync(join(home.path, 'sessions'), 'not a folder');
    removeLegacySessionFolder.run({ home: home.path, logger });
    expect(readFileSync(join(home.path, 'sessions'), 'utf8')).toBe('not a folder');
    expect(logger.warnings).toHaveLength(1);
  });

  it('only logs a warning when the folder cannot be removed, and start-up goes on', async () => {
    home = createTempHome();
    const folder = legacyFolder(home.path);
    const logger = recordingLogger();
    const step = createRemoveLegacySessionFolderStep(() => {
      throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
    });
    expect(() => step.run({ home: home.path, logger })).not.toThrow();
    expect(existsSync(folder)).toBe(true);
    expect(logger.warnings).toEqual([expect.stringMatching(/Could not remove the legacy session folder .*EBUSY/)]);
  });
});
