import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { waitForServerUrl } from '../../test-support/wait-for-server-url.js';

const serveScript = fileURLToPath(new URL('../../cli/serve.ts', import.meta.url));
// The compiled server (`npm run build:core`), for measurements: no TypeScript loader in the process.
const compiledServeScript = fileURLToPath(new URL('../../../dist/core/cli/serve.js', import.meta.url));

/** An Outpost server (`core/cli/serve.ts`) in a child process, as a school's headless server runs. */
export interface ServerProcess {
  readonly url: string;
  readonly home: string;
  readonly port: number;
  readonly pid: number;
  /** SIGKILL: the process dies mid-whatever, as when the power goes. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown that closes the databases. */
  stop(): Promise<void>;
}

/** A free loopback port (so that a restarted server can come back on the same address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `serve.ts` under tsx (or the compiled `dist/core/cli/serve.js`) on `home` and `port` and waits until it listens. Its peers are loopback processes too, hence `--allow-loopback-peers`. */
export async function startServerProcess(home: string, port: number, options: { readonly compiled?: boolean } = {}): Promise<ServerProcess> {
  const entry = options.compiled ? [compiledServeScript] : ['--import', 'tsx', serveScript];
  // The server's V8 flags and environment as `npm run serve` and `npm start` pass them
  // (scripts/server-launch.mjs), so a measured process is the shipped one: a 2 MB young generation
  // and glibc's fixed mmap threshold and two arenas (docs/performance.md, "Sync").
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=2', ...(process.env['OUTPOST_PROFILE_DIR'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['OUTPOST_PROFILE_DIR']] : []), ...entry, '--home', home, '--port', String(port), '--host', '127.0.0.1', '--allow-loopback-peers'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_ARENA_MAX: '2' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url } = await waitForServerUrl(child);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, home, port, pid: child.pid!, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
