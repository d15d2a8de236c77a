import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../common/clock.js';
import { isCoreError } from '../common/core-error.js';
import { silentLogger } from '../common/logger.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { openDatabaseSet, type DatabaseSet } from './database-set.js';
import { RouterChain } from './router-chain.js';
import { upgradeMigrations, type UpgradeSchema } from './upgrade-migrations.js';
import { runUpgradeSteps } from './upgrade-runner.js';
import type { UpgradeStep } from './upgrade-step.js';
import { compareVersions } from './upgrade-version.js';

describe('upgrade steps', () => {
  let home: TempHome;
  let set: DatabaseSet | undefined;
  afterEach(async () => {
    await set?.close();
    set = undefined;
    home?.remove();
  });

  async function open() {
    home ??= createTempHome();
    await set?.close();
    set = await openDatabaseSet({ home: home.path, routers: new RouterChain([]), migrations: upgradeMigrations });
    return set.get<UpgradeSchema>('default');
  }

  function counting(name: string, version: string, runs: string[], fail = false): UpgradeStep {
    return {
      name,
      version,
      run() {
        if (fail) throw new Error('disk gremlin');
        runs.push(name);
      },
    };
  }

  const context = () => ({ home: home.path, logger: silentLogger });

  it('runs every step on a home folder without a stored version, once, in version order, and stores the app version', async () => {
    home = createTempHome();
    const database = await open();
    const runs: string[] = [];
    const steps = [counting('b', '0.1.0', runs), counting('a', '0.0.9', runs)];
    const clock = createManualClock();
    expect(await runUpgradeSteps({ database, steps, appVersion: '0.1.0', context: context(), clock })).toEqual(['a', 'b']);
    expect(runs).toEqual(['a', 'b']);
    expect(database.all(database.kysely.selectFrom('app_version').selectAll())).toEqual([{ id: 1, version: '0.1.0', updated_at: clock.now() }]);
    expect(database.all(database.kysely.selectFrom('app_upgrade_step').select(['name', 'version']).orderBy('name'))).toEqual([
      { name: 'a', version: '0.0.9' },
      { name: 'b', version: '0.1.0' },
    ]);

    const again = await open();
    expect(await runUpgradeSteps({ database: again, steps, appVersion: '0.1.0', context: context(), clock })).toEqual([]);
    expect(runs).toEqual(['a', 'b']);
  });

  it('after an update, runs only the steps newer than the stored version', async () => {
    home = createTempHome();
    const clock = createManualClock();
    const runs: string[] = [];
    await runUpgradeSteps({ database: await open(), steps: [], appVersion: '0.1.0', context: context(), clock });
    const steps = [counting('old', '0.1.0', runs), counting('new', '0.2.0', runs)];
    expect(await runUpgradeSteps({ database: await open(), steps, appVersion: '0.2.0', context: context(), clock })).toEqual(['new']);
    expect(runs).toEqual(['new']);
  });

  it('stops start-up on a failing step without storing the new version, and retries it next time', async () => {
    home = createTempHome();
    const clock = createManualClock();
    const runs: string[] = [];
    const failing = [counting('first', '0.1.0', runs), counting('broken', '0.1.0', runs, true)];
    const error = await runUpgradeSteps({ database: await open(), steps: failing, appVersion: '0.1.0', context: context(), clock }).catch((caught: unknown) => caught);
    expect(isCoreError(error, 'MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/Upgrade step "broken" \(0\.1\.0\) failed: disk gremlin/);
    const database = await open();
    expect(database.first(database.kysely.selectFrom('app_version').selectAll())).toBeUndefined();

    const fixed = [counting('first', '0.1.0', runs), counting('broken', '0.1.0', runs)];
    expect(await runUpgradeSteps({ database, steps: fixed, appVersion: '0.1.0', context: context(), clock })).toEqual(['broken']);
    expect(runs).toEqual(['first', 'broken']);
  });

  it('runs nothing, and keeps the stored version, when a newer Outpost used the folder', async () => {
    home = createTempHome();
    const clock = createManualClock();
    await runUpgradeSteps({ database: await open(), steps: [], appVersion: '0.3.0', context: context(), clock });
    const runs: string[] = [];
    const warnings: string[] = [];
    const database = await open();
    const ran = await runUpgradeSteps({ database, steps: [counting('a', '0.1.0', runs)], appVersion: '0.1.0', context: { home: home.path, logger: { ...silentLogger, warn: (m) => warnings.push(m) } }, clock });
    expect(ran).toEqual([]);
    expect(runs).toEqual([]);
    expect(warnings[0]).toMatch(/last used by Outpost 0\.3\.0/);
    expect(database.first(database.kysely.selectFrom('app_version').select('version'))).toEqual({ version: '0.3.0' });
  });

  it('compares versions numerically, a pre-release before its release', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-beta.1', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha', '1.0.0-beta')).toBeLessThan(0);
    expect(() => compareVersions('one', '1.0.0')).toThrow(/Cannot compare/);
  });
});
