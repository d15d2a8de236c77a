import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForServerUrl } from '../../core/test-support/wait-for-server-url.js';

/** How long a stopping server may take before it is killed. */
const STOP_TIMEOUT_MS = 15_000;

const serveScript = fileURLToPath(new URL('../../dist/core/cli/serve.js', import.meta.url));

/** A real Outpost server in its own process and temporary home, as a school would run it. */
export interface OutpostServer {
  readonly url: string;
  readonly home: string;
  stop(): Promise<void>;
}

/** How a test wants its server started. */
export interface OutpostServerOptions {
  /**
   * The address to listen on (default 127.0.0.1). Anything but loopback starts with `--no-discovery`:
   * a test's server sends no multicast outside a namespace the test made, and the browser still
   * talks to it on 127.0.0.1.
   */
  readonly host?: string;
}

/** Starts the built server (`npm run build` first) on a free loopback port; it may pair with other loopback servers (`--allow-loopback-peers`). */
export async function startOutpostServer(options: OutpostServerOptions = {}): Promise<OutpostServer> {
  const home = mkdtempSync(join(tmpdir(), 'outpost-e2e-'));
  const host = options.host ?? '127.0.0.1';
  const hostFlags = host === '127.0.0.1' ? ['--host', host] : ['--host', host, '--no-discovery'];
  const child: ChildProcess = spawn(process.execPath, [serveScript, '--home', home, '--port', '0', ...hostFlags, '--allow-loopback-peers'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url, output } = await waitForServerUrl(child, { timeoutMs: 20_000 });
  return {
    url,
    home,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          // A server that ignores SIGTERM must not hang the suite; say so loudly instead.
          console.warn(`Outpost server did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM; killing it.\n${output().slice(-2000)}`);
          child.kill('SIGKILL');
        }, STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
