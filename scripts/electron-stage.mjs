// The desktop app laid out for the Electron runtime in development (`npm start`, the _electron
// tests): the built dist/ and package.json, with node_modules whose native modules are the Electron
// builds. It mirrors what an installer contains, and leaves node_modules (built for Node) alone.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { buildNativeModules, nativeModuleNames } from './electron-native.mjs';
import { electronVersion, projectRoot } from './electron-runtime.mjs';

/** The parts of dist/ the desktop app runs from. */
const DIST_PARTS = ['core', 'electron', 'renderer'];

/** electron-builder's names for the platforms. */
const OS_NAMES = { darwin: 'mac', win32: 'win', linux: 'linux' };

/** The folder `electron <folder>` runs. */
export function stageDir(root = projectRoot) {
  return join(root, 'node_modules', '.cache', 'outpost-electron', 'app');
}

/** The build outputs the desktop app needs, missing from dist/; empty when all are there. */
export function missingBuildOutputs(root = projectRoot) {
  return ['dist/electron/main.js', 'dist/electron/core-host.js', 'dist/electron/preload.cjs', 'dist/core/index.js', 'dist/renderer/index.html'].filter(
    (path) => !existsSync(join(root, path)),
  );
}

/**
 * Lays out the app in `stageDir` and answers that folder. Builds the native modules for this
 * machine's Electron the first time (this needs internet access once per Electron version).
 */
export async function stageDesktopApp({ root = projectRoot, log = console.log } = {}) {
  const missing = missingBuildOutputs(root);
  if (missing.length > 0) throw new Error(`the build is incomplete (missing ${missing.join(', ')}); run npm run build`);
  const version = electronVersion(root);
  const os = OS_NAMES[process.platform] ?? process.platform;
  const nativeDir = await buildNativeModules({ root, electronVersion: version, platform: process.platform, arch: process.arch, os, log });
  const native = new Set(nativeModuleNames(root));

  const app = stageDir(root);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  cpSync(join(root, 'package.json'), join(app, 'package.json'));
  for (const part of DIST_PARTS) cpSync(join(root, 'dist', part), join(app, 'dist', part), { recursive: true });
  // Copies, not links, of dist/: Node resolves a module's imports from its real path, and dist/'s
  // real path would lead back to the Node builds in the project's node_modules.
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(join(root, 'node_modules', entry)).map((name) => `${entry}/${name}`) : [entry];
    for (const name of names) {
      const target = native.has(name) ? join(nativeDir, 'node_modules', name) : join(root, 'node_modules', name);
      mkdirSync(join(app, 'node_modules', name, '..'), { recursive: true });
      // Junctions on Windows need no administrator rights; elsewhere this is a plain directory link.
      symlinkSync(target, join(app, 'node_modules', name), 'junction');
    }
  }
  return app;
}
