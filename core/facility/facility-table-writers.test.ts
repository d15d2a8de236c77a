import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { facilityTables } from './facility-schema.js';
import { findForeignWriters, type FacilityTableName, type ScannedFile } from './test-support/facility-write-scan.js';

// ARCHITECTURE.md §5: one repository per table is its only writer. The table list comes from the
// schema (`facilityTables`), and the Record type makes a new table without a writer fail to compile.
// The migrations write too (the username keys' backfill): they run before any repository exists.
const MIGRATIONS = 'core/facility/facility-migrations.ts';
const writers: Readonly<Record<FacilityTableName, readonly string[]>> = {
  facility_dataset: ['core/facility/facility-repository.ts'],
  facility: ['core/facility/facility-repository.ts'],
  device_settings: ['core/facility/facility-repository.ts'],
  facility_user: ['core/facility/user-repository.ts'],
  device_permissions: ['core/facility/user-repository.ts'],
  facility_username: ['core/facility/username-repository.ts', MIGRATIONS],
  role: ['core/facility/role-repository.ts'],
  membership: ['core/facility/membership-repository.ts'],
  classroom: ['core/facility/class-repository.ts'],
  learner_group: ['core/facility/class-repository.ts'],
  // Appended by the repositories' bookkeeping; the sync engine consumes it through the deletion-log contract.
  sync_deletion: ['core/facility/sync-bookkeeping.ts'],
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Every module of core and bench; tests and their helpers set scenarios up and are left out (as
// the layer rules leave them out).
function modules(base: string, folders: readonly string[]): ScannedFile[] {
  return folders.flatMap((folder) =>
    readdirSync(join(base, folder), { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.(ts|tsx|mts|cts)$/.test(path) && !/\.test\.tsx?$/.test(path) && !path.split(sep).includes('test-support'))
      .map((path) => join(base, folder, path))
      .map((file) => ({ path: relative(base, file).split(sep).join('/'), source: readFileSync(file, 'utf8') })),
  );
}

describe('one writer per facility table', () => {
  let tree: TempHome | undefined;
  afterEach(() => tree?.remove());

  it('names a writer for every table of the facility schema', () => {
    expect(Object.keys(writers).sort()).toEqual([...facilityTables].sort());
  });

  it('no module but its repository writes a facility table', () => {
    const files = modules(root, ['core', 'bench']);
    expect(files.length).toBeGreaterThan(100);
    expect(findForeignWriters(files, writers)).toEqual([]);
  });

  it('fails, naming the module and the table, when another module writes `role`', () => {
    tree = createTempHome('outpost-table-writers-');
    const sneaky = join(tree.path, 'core', 'facility', 'class-repository.ts');
    mkdirSync(dirname(sneaky), { recursive: true });
    writeFileSync(sneaky, "export const grant = (db) => db.run(db.kysely.insertInto('role').values(row));\n");
    const other = join(tree.path, 'core', 'server', 'routes', 'role-hack.ts');
    mkdirSync(dirname(other), { recursive: true });
    writeFileSync(other, 'export const revoke = (handle) => handle.prepare("DELETE FROM role WHERE user_id = ?");\n');
    const found = findForeignWriters([...modules(root, ['core', 'bench']), ...modules(tree.path, ['core'])], writers);
    expect(found).toEqual([
      expect.stringMatching(/^core\/facility\/class-repository\.ts writes role \(insertInto\('role'\).*only core\/facility\/role-repository\.ts may$/),
      expect.stringMatching(/^core\/server\/routes\/role-hack\.ts writes role \(DELETE FROM role\)/),
    ]);
  });
});
