import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../core/test-support/temp-home.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Lays out a small tree with the project's own layer config and runs the same check `npm test` runs. */
function cruise(tree: TempHome, files: Record<string, string>) {
  copyFileSync(join(root, '.dependency-cruiser.cjs'), join(tree.path, '.dependency-cruiser.cjs'));
  copyFileSync(join(root, 'tsconfig.base.json'), join(tree.path, 'tsconfig.base.json'));
  for (const folder of ['core', 'electron', 'renderer']) mkdirSync(join(tree.path, folder), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(tree.path, path)), { recursive: true });
    writeFileSync(join(tree.path, path), text);
  }
  return spawnSync(process.execPath, [depcruise, '--config', '.dependency-cruiser.cjs', 'core', 'electron', 'renderer'], {
    cwd: tree.path,
    encoding: 'utf8',
  });
}

describe('layer rules', () => {
  let tree: TempHome;
  afterEach(() => tree?.remove());

  it('fails, naming the rule, when core/common imports node:fs', () => {
    tree = createTempHome('outpost-layers-');
    const run = cruise(tree, { 'core/common/clock.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n" });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/error common-is-pure: core\/common\/clock\.ts → (node:)?fs/);
  });

  it('fails when facility imports sessions, and when electron deep-imports the core', () => {
    tree = createTempHome('outpost-layers-');
    const run = cruise(tree, {
      'core/sessions/session-manager.ts': 'export const sessions = 1;\n',
      'core/facility/user-repository.ts': "import { sessions } from '../sessions/session-manager.js';\nexport const y = sessions;\n",
      'core/index.ts': 'export const entry = 1;\n',
      'electron/main.ts': "import { sessions } from '../core/sessions/session-manager.js';\nimport { entry } from '../core/index.js';\nexport const z = [sessions, entry];\n",
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/error facility-imports-sync-model-db-common: core\/facility\/user-repository\.ts → core\/sessions\/session-manager\.ts/);
    expect(run.stdout).toMatch(/error electron-imports-core-entry-only: electron\/main\.ts → core\/sessions\/session-manager\.ts/);
    expect(run.stdout).not.toMatch(/electron\/main\.ts → core\/index\.ts/);
  });

  it('passes a tree that keeps the rules', () => {
    tree = createTempHome('outpost-layers-');
    const run = cruise(tree, {
      'core/common/ids.ts': 'export const id = 1;\n',
      'core/db/database.ts': "import { id } from '../common/ids.js';\nexport const d = id;\n",
    });
    expect(run.stdout).toMatch(/no dependency violations found/);
    expect(run.status).toBe(0);
  });
});
