import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { waitForServerUrl } from './wait-for-server-url.js';

/** A Node child running `script`, which prints what `serve` would. */
function fakeServe(script: string) {
  return spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
}

describe('waitForServerUrl', () => {
  it('answers the URL of the "Open … in a browser" line, and with untilDiscovery only after the discovery line', async () => {
    const child = fakeServe(`
      console.log('Outpost 0.1.0 is serving /h');
      console.log('Open http://127.0.0.1:4567/ in a browser.');
      process.stdin.once('data', () => console.log('LAN discovery is off.'));
      process.stdin.once('end', () => process.exit(0));
    `);
    let discovered = false;
    const waiting = waitForServerUrl(child, { untilDiscovery: true }).then((startup) => ((discovered = true), startup));
    const plain = await waitForServerUrl(child);
    expect(plain.url).toBe('http://127.0.0.1:4567');
    // The URL is out, the discovery line is not: the second wait is still waiting.
    expect(discovered).toBe(false);
    child.stdin.write('go\n');
    const startup = await waiting;
    expect(startup.url).toBe('http://127.0.0.1:4567');
    expect(startup.output()).toContain('LAN discovery is off.');
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  });

  it('fails with what the server printed when it exits before printing its URL', async () => {
    const child = fakeServe(`console.error('outpost: Port 80 on 127.0.0.1 is already in use'); process.exit(2);`);
    await expect(waitForServerUrl(child)).rejects.toThrow(/server exited early \(2\):\noutpost: Port 80 on 127\.0\.0\.1 is already in use/);
  });
});
