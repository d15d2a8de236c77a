import { readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { databaseNames } from '../db/database-name.js';
import { openSqliteConnection } from '../db/sqlite-connection.js';
import type { Core } from '../create-core.js';
import { createCoreHarness, type CoreHarness } from '../sync/test-support/core-harness.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { restoreBackup } from './restore-backup.js';
import { takeBackup } from './take-backup.js';

/** Every row of every table of every database, as sorted JSON lines per table. */
function dump(core: Core): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of databaseNames) {
    const handle = core.databases.get(name).handle;
    const tables = handle.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
    for (const { name: table } of tables) {
      out[`${name}.${table}`] = (handle.prepare(`SELECT * FROM "${table}"`).all() as object[]).map((row) => JSON.stringify(row)).sort();
    }
  }
  return out;
}

type InstanceRow = { instance_id: string; current: number; counter: number };
const instances = (core: Core) => core.databases.get<any>('default').handle.prepare('SELECT instance_id, current, counter FROM sync_instance ORDER BY instance_id').all() as InstanceRow[];

describe('backups', () => {
  let harness: CoreHarness;
  let scratch: TempHome;
  afterEach(async () => {
    await harness?.dispose();
    scratch?.remove();
  });

  /** Device A with a facility, users and a session. */
  async function original() {
    harness = createCoreHarness();
    scratch = createTempHome('outpost-backup-');
    const a = await harness.device('a');
    const { facilityId } = harness.createFacility(a, 'Ridge School');
    const learners = [];
    for (const name of ['lina', 'moses', 'kofi']) learners.push(await a.core.facility.users.createUser(facilityId, { username: name, password: 'pw', fullName: `${name} Learner`, role: 'learner' }));
    a.core.sessions.create({ userId: learners[0]!.id, userAgent: 'test' });
    return { a, facilityId, learners };
  }

  it('is a snapshot of one moment taken while another connection writes, and restores on a fresh home row for row', async () => {
    const { a } = await original();
    // Another connection (as another process would) writes to both databases during the copy.
    const writers = databaseNames.map((name) => openSqliteConnection(a.core.databases.get(name).file));
    for (const writer of writers) writer.exec("CREATE TABLE probe (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO probe (v) VALUES ('before')");
    for (const writer of writers) writer.exec(`INSERT INTO probe (v) SELECT 'pad-' || value FROM generate_series(1, 2000)`.replace('generate_series(1, 2000)', "(WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 2000) SELECT value FROM n)"));
    const snapshot = dump(a.core);
    const file = join(scratch.path, 'a.outpost-backup');
    let writesDuring = 0;
    let done = false;
    const taking = takeBackup({ databases: a.core.databases, outFile: file, clock: a.clock, outpostVersion: a.core.version, pagesPerStep: 2 }).finally(() => {
      done = true;
    });
    // Write between the copy's steps, until it is done.
    while (!done) {
      for (const writer of writers) writer.prepare("INSERT INTO probe (v) VALUES ('during')").run();
      await a.core.facility.users.updateUser((await a.core.facility.users.listUsers(a.core.facility.facilities.listFacilities()[0]!.id, { pageSize: 10 })).items[0]!.id, { fullName: `Renamed ${writesDuring}` });
      writesDuring += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const manifest = await taking;
    for (const writer of writers) writer.close();
    expect(writesDuring).toBeGreaterThan(3);
    expect(manifest.databases.map((entry) => entry.name)).toEqual([...databaseNames]);
    expect(dump(a.core)['default.probe']!.length).toBeGreaterThan(snapshot['default.probe']!.length);

    const b = await harness.device('b');
    const bInstance = b.core.sync.instanceId;
    await restoreBackup({ databases: b.core.databases, home: b.core.config.home, file });
    const restored = dump(b.core);
    // Every row of every database is the snapshot's, except that the backup's sync instances
    // are history and B's own fresh instance is the current one.
    const { ['default.sync_instance']: restoredInstances, ...restoredRest } = restored;
    const { ['default.sync_instance']: snapshotInstances, ...snapshotRest } = snapshot;
    expect(restoredRest).toEqual(snapshotRest);
    const expectedInstances = snapshotInstances!.map((line) => JSON.parse(line) as InstanceRow).map((row) => ({ ...row, current: 0 }));
    expect(instances(b.core).filter((row) => row.instance_id !== bInstance)).toEqual(expectedInstances.map(({ instance_id, current, counter }) => ({ instance_id, current, counter })));
    expect(restoredInstances!.length).toBe(snapshotInstances!.length + 1);
    expect(instances(b.core).find((row) => row.current === 1)?.instance_id).toBe(bInstance);
    expect(b.core.facility.setup.isProvisioned()).toBe(a.core.facility.setup.isProvisioned());
    expect(readdirSync(b.core.config.home).filter((entry) => entry.startsWith('.outpost-restore-'))).toEqual([]);
  });

  it('makes a device that syncs with the original as a new instance, never reusing a counter', async () => {
    const { a, facilityId, learners } = await original();
    const file = join(scratch.path, 'a.outpost-backup');
    await a.core.backup.write(file);
    const b = await harness.device('b');
    await b.core.backup.restore(file);
    b.certificateId = a.certificateId;
    expect(b.core.sync.instanceId).not.toBe(a.core.sync.instanceId);

    // Both edit after the backup: A under its instance, B under its own.
    await a.core.facility.users.updateUser(learners[0]!.id, { fullName: 'Edited on A' });
    await b.core.facility.users.updateUser(learners[1]!.id, { fullName: 'Edited on B' });
    const newcomer = await b.core.facility.users.createUser(facilityId, { username: 'nia', password: 'pw', fullName: 'Nia New', role: 'learner' });
    const savedBy = (core: Core, instance: string) =>
      core.databases.get<any>('default').handle.prepare('SELECT last_saved_counter AS counter FROM sync_store WHERE last_saved_instance = ? ORDER BY counter').all(instance) as { counter: number }[];
    // The backup's record of A's counter; B must never save under A's instance id.
    const aCounterAtBackup = instances(b.core).find((row) => row.instance_id === a.core.sync.instanceId)!.counter;

    await harness.syncPair(b, a);
    await harness.syncPair(a, b);
    for (const device of [a, b]) {
      expect(device.core.facility.users.getUser(learners[0]!.id)?.fullName).toBe('Edited on A');
      expect(device.core.facility.users.getUser(learners[1]!.id)?.fullName).toBe('Edited on B');
      expect(device.core.facility.users.getUser(newcomer.id)?.username).toBe('nia');
    }
    // B's saves carry B's new instance; A's edit continued A's own counter past the backup's.
    expect(savedBy(a.core, b.core.sync.instanceId).length).toBeGreaterThanOrEqual(2);
    expect(savedBy(b.core, b.core.sync.instanceId)).toEqual(savedBy(a.core, b.core.sync.instanceId));
    expect(Math.max(...savedBy(a.core, a.core.sync.instanceId).map((row) => row.counter))).toBeGreaterThan(aCounterAtBackup);
    // Every (instance, counter) names one save: the two devices agree on who saved what under each.
    const saves = (core: Core) => core.databases.get<any>('default').handle.prepare('SELECT id, last_saved_instance, last_saved_counter FROM sync_store ORDER BY id').all();
    expect(saves(b.core)).toEqual(saves(a.core));
    expect(instances(b.core).find((row) => row.instance_id === a.core.sync.instanceId)?.counter).toBe(aCounterAtBackup);
    const bRows = instances(b.core);
    expect(bRows.find((row) => row.instance_id === a.core.sync.instanceId)?.current).toBe(0);

    // B started again keeps its own instance, not the backup's.
    const bHome = b.core.config.home;
    const bInstance = b.core.sync.instanceId;
    await b.core.close();
    const { createCore } = await import('../create-core.js');
    const again = await createCore({ home: bHome, passwordHashCost: 4 });
    try {
      expect(again.sync.instanceId).toBe(bInstance);
    } finally {
      await again.close();
    }
  });

  it('refuses a truncated, padded or foreign file with one line and changes nothing', async () => {
    const { a } = await original();
    const good = join(scratch.path, 'a.outpost-backup');
    await takeBackup({ databases: a.core.databases, outFile: good, clock: a.clock, outpostVersion: a.core.version });
    const c = await harness.device('c');
    const before = dump(c.core);
    const filesBefore = readdirSync(c.core.config.home).sort();

    const { copyFileSync, appendFileSync } = await import('node:fs');
    const truncated = join(scratch.path, 'truncated');
    copyFileSync(good, truncated);
    truncateSync(truncated, statSync(good).size - 100);
    const padded = join(scratch.path, 'padded');
    copyFileSync(good, padded);
    appendFileSync(padded, 'x');
    const foreign = join(scratch.path, 'foreign');
    writeFileSync(foreign, 'name,age\nlina,9\n');
    const damaged = join(scratch.path, 'damaged');
    copyFileSync(good, damaged);
    {
      const { openSync, writeSync, closeSync } = await import('node:fs');
      const fd = openSync(damaged, 'r+');
      writeSync(fd, Buffer.from('XXXX'), 0, 4, statSync(good).size - 5000);
      closeSync(fd);
    }

    const cases: [string, RegExp][] = [
      [truncated, /truncated/],
      [padded, /unexpected bytes/],
      [foreign, /does not start like one/],
      [damaged, /damaged \(checksum mismatch\)/],
      [join(scratch.path, 'absent'), /Cannot read the backup/],
    ];
    for (const [file, reason] of cases) {
      const error = await restoreBackup({ databases: c.core.databases, home: c.core.config.home, file }).catch((caught: unknown) => caught);
      expect(isCoreError(error, 'BACKUP_INVALID'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).toMatch(/Nothing was changed\.$/);
      expect((error as Error).message).not.toContain('\n');
    }
    expect(dump(c.core)).toEqual(before);
    expect(readdirSync(c.core.config.home).sort()).toEqual(filesBefore);
    expect(c.core.facility.setup.isProvisioned()).toBe(false);
  });
});
