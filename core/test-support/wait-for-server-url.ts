import type { ChildProcess } from 'node:child_process';

/** What a started `serve` process printed: its URL, and everything it printed so far. */
export interface ServerStartup {
  /** The URL of its "Open URL/ in a browser." line, without the trailing slash. */
  readonly url: string;
  /** Its stdout and stderr so far (still growing after start-up, for failure messages). */
  output(): string;
}

/** Options of `waitForServerUrl`. */
export interface WaitForServerUrlOptions {
  /** A start that takes longer is a failure (with the output in the message). Default 30 s. */
  readonly timeoutMs?: number;
  /** Wait also for the LAN discovery line, which `serve` prints after the URL once discovery is settled. */
  readonly untilDiscovery?: boolean;
}

const URL_LINE = /Open (http:\/\/\S+)\/ in a browser/;
const DISCOVERY_LINE = /LAN discovery (on|is off)/;

/**
 * Waits until a spawned `core/cli/serve` child (stdout and stderr piped) prints its URL. Rejects,
 * with what it printed, if it exits first or does not get there within the time limit.
 */
export function waitForServerUrl(child: ChildProcess, options: WaitForServerUrlOptions = {}): Promise<ServerStartup> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let output = '';
  const startup: ServerStartup & { url: string } = { url: '', output: () => output };
  return new Promise<ServerStartup>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    // The limit only turns a server that never starts into a failure with its output.
    const timer = setTimeout(() => settle(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`))), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(URL_LINE)?.[1];
      if (url === undefined || (options.untilDiscovery && !DISCOVERY_LINE.test(output))) return;
      startup.url = url;
      settle(() => resolve(startup));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // `close`, not `exit`: by then all it printed has been read, so the message holds its last words.
    child.once('close', (code, signal) => settle(() => reject(new Error(`server exited early (${signal ?? code}):\n${output}`))));
    child.once('error', (error) => settle(() => reject(new Error(`server could not be started: ${error.message}\n${output}`))));
  });
}
