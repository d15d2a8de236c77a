import { utilityProcess } from 'electron';
import { coreHostEnv, type CoreHostOptions } from './core-host-options.js';
import type { HostProcess } from './host-process.js';

/** Starts the core host (dist/electron/core-host.js) in an Electron utilityProcess. */
export function forkUtilityHost(modulePath: string, options: CoreHostOptions): HostProcess {
  const child = utilityProcess.fork(modulePath, [], {
    serviceName: 'Outpost core',
    // As scripts/server-launch.mjs: a fixed glibc mmap threshold returns each scrypt hash's 16 MB
    // to the system instead of keeping it in a thread's arena, and two arenas in all keep what the
    // sync worker and libuv's threads free from staying resident in arenas of their own.
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_ARENA_MAX: '2', ...coreHostEnv(options) },
    stdio: 'inherit',
    // As `npm run serve`: a 2 MB young generation keeps the garbage of parsing and copying sync
    // bodies from setting the process's peak memory (docs/performance.md, issue 14 part 3).
    execArgv: ['--max-semi-space-size=2'],
  });
  return {
    postMessage: (message) => child.postMessage(message),
    kill: () => void child.kill(),
    onMessage(listener) {
      const handler = (message: unknown) => listener(message);
      child.on('message', handler);
      return () => void child.off('message', handler);
    },
    onExit(listener) {
      const handler = (code: number) => listener(code);
      child.on('exit', handler);
      return () => void child.off('exit', handler);
    },
  };
}
