// `npm run bench -- <name>`: runs bench/<name>/main.ts under tsx and passes the rest of the flags on.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const available = existsSync(benchDir)
  ? readdirSync(benchDir, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, 'main.ts'))).map((entry) => entry.name)
  : [];
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>   (available: ${available.join(', ') || 'none yet'})`);
  process.exit(2);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', join(benchDir, name, 'main.ts'), ...rest], { stdio: 'inherit', cwd: root });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
