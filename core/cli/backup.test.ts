import { existsSync, readdirSync, statSync, truncateSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../create-core.js';
import { runCli } from '../test-support/run-cli.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { parseBackupOptions } from './backup-options.js';

const backupScript = fileURLToPath(new URL('./backup.ts', import.meta.url));
const backup = (args: string[]) => runCli(backupScript, args, 60_000);

describe('npm run backup', () => {
  const homes: TempHome[] = [];
  afterEach(() => {
    for (const home of homes.splice(0)) home.remove();
  });
  const temp = () => {
    const home = createTempHome('outpost-backup-cli-');
    homes.push(home);
    return home.path;
  };

  it('takes a backup of a home, restores it onto a new home, refuses a truncated one and a set-up home', async () => {
    const source = temp();
    const original = await createCore({ home: source, passwordHashCost: 4 });
    await original.facility.setup.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'secret-pw', fullName: 'Root Admin' } });
    await original.close();
    const out = join(temp(), 'ridge.outpost-backup');

    const taken = await backup(['--home', source, '--out', out]);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(taken.stdout).toMatch(/^Backed up default, sessions, history \(\d+ bytes\) of .* to .*ridge\.outpost-backup\.\n$/);

    const truncated = join(temp(), 'cut.outpost-backup');
    copyFileSync(out, truncated);
    truncateSync(truncated, statSync(out).size - 1);
    const target = temp();
    const refused = await backup(['--home', target, '--from', truncated]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^outpost backup: This is not a usable Outpost backup: it is truncated \(\d+ of \d+ bytes\)\. Nothing was changed\.\n$/);
    expect(readdirSync(target).filter((name) => name.startsWith('.outpost-restore-'))).toEqual([]);

    const restored = await backup(['--home', target, '--from', out]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const core = await createCore({ home: target, passwordHashCost: 4 });
    try {
      expect(core.facility.facilities.listFacilities().map((facility) => facility.name)).toEqual(['Ridge School']);
      expect(await core.facility.authentication.authenticate('root', 'secret-pw')).toMatchObject({ username: 'root' });
    } finally {
      await core.close();
    }

    const again = await backup(['--home', target, '--from', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^outpost backup: .* already holds a set-up device; restore into a new, empty home folder\.\n$/);
  }, 120_000);

  it('exits 2 with one line for bad flags', async () => {
    const run = await backup(['--home', temp(), '--out', 'a', '--from', 'b']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^outpost backup: Give exactly one of --out and --from\. Usage: npm run backup/);
    expect(existsSync('a')).toBe(false);
  });

  it('parses its flags', () => {
    expect(() => parseBackupOptions(['--home', '/h'], {})).toThrow(/exactly one of --out and --from/);
    expect(() => parseBackupOptions(['--home', '/h', '--bogus', 'x'], {})).toThrow(/Unknown option '--bogus'.*Usage/);
    expect(() => parseBackupOptions(['--home', '', '--out', 'x'], {})).toThrow(/--home must name a folder/);
    expect(() => parseBackupOptions(['--home', '/h', '--out', ' '], {})).toThrow(/--out must name a file/);
    expect(parseBackupOptions(['--out', '/b/x'], { OUTPOST_HOME: '/env/home' })).toEqual({ action: 'backup', home: '/env/home', out: '/b/x' });
    expect(parseBackupOptions(['--home', '/h', '--from', '/b/x'], {})).toEqual({ action: 'restore', home: '/h', from: '/b/x' });
  });
});
