// Native modules built for Electron, kept apart from node_modules. node_modules keeps the builds
// for Node, which `npm test` and the headless server load; Electron (another ABI) loads these.
// Used at packaging time (electron-builder.config.cjs) and by `npm start` for the desktop app.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { projectRoot } from './electron-runtime.mjs';

/** Production dependencies (direct or not) that compile C/C++ code: these need an Electron build. */
export function nativeModuleNames(root = projectRoot) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const native = new Set();
  const seen = new Set();
  const queue = Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, from: root }));
  while (queue.length > 0) {
    const { name, from } = queue.shift();
    const dir = packageDir(name, from, root);
    if (!dir || seen.has(dir)) continue;
    seen.add(dir);
    if (existsSync(join(dir, 'binding.gyp'))) native.add(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) queue.push({ name: dependency, from: dir });
  }
  return [...native].sort();
}

/** Node's lookup: `name` in the node_modules of `from` or of a folder above it, up to `root`. */
function packageDir(name, from, root) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/**
 * Where the Electron builds for one target live. Inside node_modules on purpose: @electron/rebuild
 * finds prebuild-install by walking up from the module, so it downloads a prebuilt binary when one
 * exists instead of needing a C++ compiler.
 */
export function nativeBuildDir({ root = projectRoot, electronVersion, os, arch }) {
  return join(root, 'node_modules', '.cache', 'outpost-electron', 'native', `${electronVersion}-${os}-${arch}`);
}

/** A native module could not be built for Electron; `message` is one line. */
export class NativeBuildError extends Error {
  name = 'NativeBuildError';
}

/**
 * Builds every native production module for Electron `electronVersion` on `platform`/`arch` (os is
 * electron-builder's name for the platform: linux, mac or win) into `nativeBuildDir`, unless an
 * identical build is there already. Answers that folder; each module is in its node_modules.
 */
export async function buildNativeModules({ root = projectRoot, electronVersion, platform, arch, os, log = console.log }) {
  const dir = nativeBuildDir({ root, electronVersion, os, arch });
  const modules = nativeModuleNames(root);
  const versions = Object.fromEntries(modules.map((name) => [name, JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version]));
  const stamp = JSON.stringify({ electronVersion, platform, arch, versions });
  const stampFile = join(dir, 'outpost-build.json');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && modules.every((name) => builtAddons(join(dir, 'node_modules', name)).length > 0)) {
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const name of modules) {
    const source = join(root, 'node_modules', name);
    // Sources only: the Node build in build/ must not be mistaken for an Electron one.
    cpSync(source, join(dir, 'node_modules', name), { recursive: true, filter: (path) => relative(source, path).split(sep)[0] !== 'build' });
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'outpost-electron-native', version: '0.0.0', private: true, dependencies: versions }, null, 2));
  log(`outpost: building ${modules.join(', ')} for Electron ${electronVersion} (${os}-${arch})`);
  const { rebuild } = await import('@electron/rebuild');
  // npm exports its `nodedir` setting to child processes; node-gyp would then compile against
  // this machine's Node headers instead of Electron's and produce a module Electron cannot load.
  const saved = Object.fromEntries(['npm_config_nodedir', 'NPM_CONFIG_NODEDIR'].map((key) => [key, process.env[key]]));
  for (const key of Object.keys(saved)) delete process.env[key];
  try {
    await rebuild({ buildPath: dir, projectRootPath: dir, electronVersion, platform, arch, onlyModules: modules, force: true, mode: 'sequential' });
  } catch (error) {
    const reason = String(error?.message ?? error).split('\n')[0];
    throw new NativeBuildError(`cannot build ${modules.join(', ')} for Electron ${electronVersion} (${os}-${arch}): ${reason}`);
  } finally {
    for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
  }
  for (const name of modules) {
    if (builtAddons(join(dir, 'node_modules', name)).length === 0) throw new NativeBuildError(`building ${name} for Electron ${electronVersion} produced no .node file`);
  }
  writeFileSync(stampFile, stamp);
  return dir;
}

/** The compiled addons of a module (build/Release/*.node). */
export function builtAddons(moduleDir) {
  const release = join(moduleDir, 'build', 'Release');
  return existsSync(release) ? readdirSync(release).filter((name) => name.endsWith('.node')) : [];
}
