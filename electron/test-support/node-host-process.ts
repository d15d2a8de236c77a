import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { coreHostEnv, type CoreHostOptions } from '../core-host-options.js';
import type { HostProcess } from '../host-process.js';

const coreHostEntry = fileURLToPath(new URL('../core-host.ts', import.meta.url));

/** A real core host (electron/core-host.ts) in a Node child process, with its output. */
export interface NodeHostProcess extends HostProcess {
  readonly pid: number | undefined;
  output(): string;
}

/**
 * Starts the real core host under plain Node with an IPC channel: the same entry, messages and
 * shutdown as in the utilityProcess, which needs the Electron runtime this machine may not have.
 */
export function forkNodeHost(options: CoreHostOptions): NodeHostProcess {
  const child = fork(coreHostEntry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...coreHostEnv(options) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    pid: child.pid,
    output: () => output,
    postMessage: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => void child.kill('SIGKILL'),
    onMessage(listener) {
      const handler = (message: unknown) => listener(message);
      child.on('message', handler);
      return () => void child.off('message', handler);
    },
    onExit(listener) {
      const handler = (code: number | null) => listener(code);
      child.on('exit', handler);
      return () => void child.off('exit', handler);
    },
  };
}
