// `npm run dist`: desktop installers, built by electron-builder from electron-builder.config.cjs
// into dist/installers. Extra arguments go to electron-builder (`npm run dist -- --dir`).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describeDistFailure } from './electron-dist-failure.mjs';
import { electronVersion, projectRoot } from './electron-runtime.mjs';
import { missingBuildOutputs } from './electron-stage.mjs';

const missing = missingBuildOutputs();
if (missing.length > 0) {
  console.error(`outpost dist: the build is incomplete (missing ${missing.join(', ')}); run npm run build first.`);
  process.exit(1);
}

const cli = join(projectRoot, 'node_modules', 'electron-builder', 'cli.js');
const child = spawn(process.execPath, [cli, '--config', 'electron-builder.config.cjs', '--publish', 'never', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: ['inherit', 'pipe', 'pipe'],
});

let output = '';
let failing = false;
// Progress goes through as it comes; from electron-builder's first error line ("⨯") on, output is
// held back so that a failure we recognise ends in one line instead of a stack trace.
let heldBack = '';
for (const [stream, target] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  createInterface({ input: stream }).on('line', (line) => {
    output += `${line}\n`;
    if (/^\s*⨯/.test(line)) failing = true;
    if (failing) heldBack += `${line}\n`;
    else target.write(`${line}\n`);
  });
}

child.on('close', (code) => {
  if (code === 0) {
    console.log(`outpost dist: installers are in ${join('dist', 'installers')}`);
    process.exit(0);
  }
  const reason = describeDistFailure(output, { electronVersion: electronVersion() });
  if (reason) {
    console.error(reason);
  } else {
    process.stderr.write(heldBack);
    console.error(`outpost dist: electron-builder failed (exit code ${code}); see above.`);
  }
  process.exit(code || 1);
});
