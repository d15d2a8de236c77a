import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../core/test-support/temp-home.js';
import { nativeBuildDir } from './electron-native.mjs';
import { projectRoot } from './electron-runtime.mjs';
import { missingBuildOutputs, stageDesktopApp, stageDir } from './electron-stage.mjs';

const OS = { darwin: 'mac', win32: 'win', linux: 'linux' }[process.platform as string] ?? process.platform;

describe('the desktop app staged for the Electron runtime', () => {
  let tree: TempHome;
  afterEach(() => tree?.remove());

  /** A small project: a build in dist/, better-sqlite3 and kysely installed, an Electron build of better-sqlite3 in the cache. */
  function project() {
    tree = createTempHome('outpost-stage-');
    const root = tree.path;
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('package.json', JSON.stringify({ name: 'outpost', type: 'module', main: 'dist/electron/main.js', dependencies: { 'better-sqlite3': '*', kysely: '*' } }));
    for (const path of ['dist/electron/main.js', 'dist/electron/core-host.js', 'dist/electron/preload.cjs', 'dist/core/index.js', 'dist/renderer/index.html']) write(path, '// built');
    write('dist/installers/Outpost.AppImage', 'not part of the app');
    write('node_modules/electron/package.json', JSON.stringify({ version: '45.4.1' }));
    for (const name of ['better-sqlite3', 'kysely']) symlinkSync(join(projectRoot, 'node_modules', name), join(root, 'node_modules', name), 'junction');
    const native = nativeBuildDir({ root, electronVersion: '45.4.1', os: OS, arch: process.arch });
    const version = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
    write(`${native.slice(root.length + 1)}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`, 'electron build');
    write(`${native.slice(root.length + 1)}/outpost-build.json`, JSON.stringify({ electronVersion: '45.4.1', platform: process.platform, arch: process.arch, versions: { 'better-sqlite3': version } }));
    return { root, native };
  }

  it('holds package.json and the build, with the Electron build of better-sqlite3 and every other module as installed', async () => {
    const { root, native } = project();
    const stage = await stageDesktopApp({ root, log: () => {} });
    expect(stage).toBe(stageDir(root));
    expect(JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')).main).toBe('dist/electron/main.js');
    expect(readFileSync(join(stage, 'dist', 'electron', 'main.js'), 'utf8')).toBe('// built');
    expect(existsSync(join(stage, 'dist', 'installers'))).toBe(false);
    expect(realpathSync(join(stage, 'node_modules', 'better-sqlite3'))).toBe(realpathSync(join(native, 'node_modules', 'better-sqlite3')));
    expect(realpathSync(join(stage, 'node_modules', 'kysely'))).toBe(realpathSync(join(projectRoot, 'node_modules', 'kysely')));
    // Copied, so that modules resolve from the stage and find the Electron build.
    expect(realpathSync(join(stage, 'dist'))).toBe(join(realpathSync(stage), 'dist'));
  });

  it('refuses to stage an incomplete build, naming what is missing', async () => {
    tree = createTempHome('outpost-stage-');
    expect(missingBuildOutputs(tree.path)).toContain('dist/electron/preload.cjs');
    await expect(stageDesktopApp({ root: tree.path })).rejects.toThrow(/the build is incomplete \(missing dist\/electron\/main\.js, .*\); run npm run build/);
  });
});
