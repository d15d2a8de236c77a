// How a headless Outpost server process is started (`npm run serve`, `npm start` without Electron).
// core/sync/test-support/server-process.ts and electron/utility-host-process.ts start theirs the
// same way, so a measured process is the shipped one (docs/performance.md, "Sync").
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './electron-runtime.mjs';

/**
 * A 2 MB young generation: the main thread parses every sync request body, and with Node's default
 * (up to 48 MB) that garbage set the server's peak RSS. The flag is process-wide and would cap the
 * sync worker as well, so core/spawn-sync-worker.ts sets the worker's own size as it starts it.
 */
export const serverNodeFlags = Object.freeze(['--max-semi-space-size=2']);

/**
 * glibc's malloc, tuned for a server with two busy threads (main and sync worker) and libuv's pool.
 * Both are ignored where the C library is not glibc.
 * - MALLOC_MMAP_THRESHOLD_: glibc keeps large freed blocks in each thread's arena once it has
 *   raised its mmap threshold, which it does after the first large free: every scrypt hash (16 MB
 *   at the default cost, in libuv's threads) then stayed resident, about 50 MB after a class signed
 *   in. A fixed threshold returns them to the system.
 * - MALLOC_ARENA_MAX: by default glibc gives threads up to 8 arenas per core, and each keeps the
 *   memory freed in it. SQLite in the sync worker, zlib and scrypt in the pool's threads each
 *   spread their garbage over arenas of their own: the pushed-to server peaked 11–24 MB higher at
 *   100,000 records than at 10,000. Two arenas: +4 to +5 MB, 173–176 MB at the peak against
 *   187–195 MB, at the same speed (docs/performance.md, "Sync", part 14).
 */
export const serverEnv = Object.freeze({ MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_ARENA_MAX: '2' });

/** Runs dist/core/cli/serve.js with those flags and environment, forwarding signals and the exit code. */
export function runServer(args) {
  const child = spawn(process.execPath, [...serverNodeFlags, join(projectRoot, 'dist', 'core', 'cli', 'serve.js'), ...args], {
    stdio: 'inherit',
    cwd: projectRoot,
    env: { ...process.env, ...serverEnv },
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
