import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const probe = fileURLToPath(new URL('./test-support/young-generation-probe.ts', import.meta.url));
const MiB = 1024 * 1024;

describe('the sync worker heap', () => {
  it('gives the worker 8 MB semi-spaces while the main thread keeps the 2 MB the server process starts with', () => {
    // The server's flag, as scripts/server-launch.mjs passes it: it used to cap the worker too.
    const run = spawnSync(process.execPath, ['--max-semi-space-size=2', '--import', 'tsx', probe], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const sizes = JSON.parse(run.stdout.trim().split('\n').pop()!) as { main: number; worker: number };
    // A new space is two semi-spaces.
    expect(sizes.main).toBeLessThanOrEqual(2 * 2 * MiB);
    expect(sizes.worker).toBeGreaterThan(2 * 2 * MiB);
    expect(sizes.worker).toBeLessThanOrEqual(2 * 8 * MiB);
  });
});
