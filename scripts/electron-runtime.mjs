// Where the Electron runtime is, found without loading the electron package: loading it tries to
// download the binary, which cannot succeed on an offline machine.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder holding package.json). */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The version of the electron package the project pins. */
export function electronVersion(root = projectRoot) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** The Electron executable when it has been downloaded (or ELECTRON_OVERRIDE_DIST_PATH names one), else undefined. */
export function electronBinary(root = projectRoot, env = process.env) {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(distDir, relative);
  return relative && existsSync(binary) ? binary : undefined;
}

/** One line saying why the desktop app cannot run here, or undefined when it can. */
export function missingElectronReason(root = projectRoot, env = process.env) {
  if (electronBinary(root, env)) return undefined;
  return `the Electron ${electronVersion(root)} runtime is not installed (node_modules/electron has no binary; its download needs internet access)`;
}
