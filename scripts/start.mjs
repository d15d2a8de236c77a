// `npm start`: the desktop app when the Electron runtime is installed, else the same server headless.
import { spawn } from 'node:child_process';
import { electronBinary, projectRoot } from './electron-runtime.mjs';
import { stageDesktopApp } from './electron-stage.mjs';
import { runServer } from './server-launch.mjs';

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit', cwd: projectRoot });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function runHeadless() {
  // As `npm run serve` (scripts/server-launch.mjs).
  runServer(process.argv.slice(2));
}

const binary = electronBinary();
if (!binary) {
  console.log('The Electron runtime is not installed on this machine, so Outpost runs headless: open the URL below in a browser.');
  runHeadless();
} else {
  let app;
  try {
    // The desktop app needs better-sqlite3 built for Electron; node_modules keeps the Node build.
    app = await stageDesktopApp();
  } catch (error) {
    console.log(`Outpost runs headless because the desktop app could not be prepared: ${String(error?.message ?? error).split('\n')[0]}`);
    runHeadless();
  }
  if (app) run(binary, [app, ...process.argv.slice(2)]);
}
