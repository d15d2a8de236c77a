// `npm start`: the desktop app when the Electron runtime is installed, else the same server headless.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Read what the electron package records instead of requiring it: requiring it tries to download
// the binary, which cannot succeed on an offline machine.
function electronBinary() {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(distDir, relative);
  return relative && existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: root });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
if (binary) {
  run(binary, [root, ...process.argv.slice(2)]);
} else {
  console.log('The Electron runtime is not installed on this machine, so Outpost runs headless: open the URL below in a browser.');
  run(process.execPath, [join(root, 'dist', 'core', 'cli', 'serve.js'), ...process.argv.slice(2)]);
}
