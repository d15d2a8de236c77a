// Load from a separate process: autocannon in this process would share its event loop with the
// server it measures, and its own work would show up as the server's latency.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** The part of autocannon's JSON report the benchmarks read (latencies in ms). */
export interface AutocannonResult {
  readonly requests: { readonly total: number; readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number; readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
}

/** How autocannon loads `url`: connections, seconds, and an optional total request rate per second. */
export interface AutocannonLoad {
  readonly connections: string;
  readonly seconds: string;
  readonly rate?: string;
}

/** Runs autocannon against `url` with `cookie` on every request, in a child process, and answers its report. */
export function runAutocannon(url: string, cookie: string, load: AutocannonLoad): Promise<AutocannonResult> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const rate = load.rate === undefined ? [] : ['-R', load.rate];
  const args = [bin, '-c', load.connections, ...rate, '-d', load.seconds, '-j', '-H', `cookie:${cookie}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as AutocannonResult) : reject(new Error(`autocannon exited with ${code}`))));
  });
}
