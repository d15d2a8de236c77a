import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { waitForServerUrl } from '../test-support/wait-for-server-url.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';

const serveScript = fileURLToPath(new URL('./serve.ts', import.meta.url));

/** Runs the real CLI in a child process, as a school's server would. */
const serve = (args: string[]) => runCli(serveScript, args);

describe('npm run serve', () => {
  let home: TempHome;
  let blocker: Server | undefined;
  afterEach(() => {
    blocker?.close();
    blocker = undefined;
    home?.remove();
  });

  it('prints a URL whose /api/health answers with every database ok', async () => {
    home = createTempHome();
    const child = spawn(process.execPath, ['--import', 'tsx', serveScript, '--home', home.path, '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const { url } = await waitForServerUrl(child);
      const response = await fetch(`${url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ version: '0.1.0', databases: { default: 'ok', sessions: 'ok', history: 'ok' } });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 30_000);

  it('exits 2 with one line for a non-numeric port', async () => {
    home = createTempHome();
    const run = await serve(['--home', home.path, '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['outpost: --port must be a whole number from 0 to 65535, got "eighty".']);
  }, 30_000);

  it('exits 2 with one line when the home folder cannot be created', async () => {
    home = createTempHome();
    const file = join(home.path, 'not-a-folder');
    writeFileSync(file, 'x');
    const run = await serve(['--home', join(file, 'home'), '--port', '0']);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^outpost: Cannot create the home folder .*not-a-folder\/home: ENOTDIR/);
  }, 30_000);

  it('exits 2 with one line when the port is in use', async () => {
    home = createTempHome();
    blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve((blocker!.address() as { port: number }).port)));
    const run = await serve(['--home', home.path, '--port', String(port), '--host', '127.0.0.1']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([`outpost: Port ${port} on 127.0.0.1 is already in use; choose another with --port.`]);
  }, 30_000);
});
