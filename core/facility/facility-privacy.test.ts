import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { findFacilityTableWrites } from './test-support/facility-write-scan.js';

// Repositories are the only writers of facility rows. Two guards here make any writer outside
// core/facility fail the build: the `facility-internals-private` layer rule (nobody outside
// core/facility can import the schema types or repositories), and this scan for writes spelled out
// by hand anywhere else. Inside core/facility, facility-table-writers.test.ts holds each table to
// its one repository.

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.(ts|tsx|mts|cts)$/.test(path))
    .map((path) => join(folder, path));
}

describe('no facility row is written outside core/facility', () => {
  it('the scan finds kysely and raw SQL writes to facility tables, and lets reads and other tables be', () => {
    const offending = [
      "db.kysely.insertInto('facility_user').values(row)",
      'k.updateTable("role as r").set({ kind: "admin" })',
      'k.deleteFrom(`membership`).where(...)',
      "db.handle.prepare('UPDATE facility_user SET date_deleted = ?')",
      'db.handle.exec("delete from \\"classroom\\" where 1")',
      "sql`insert or replace into facility (id) values (${id})`",
      "handle.prepare('replace into learner_group values (?)')",
    ];
    for (const line of offending) expect(findFacilityTableWrites(line), line).toHaveLength(1);
    const harmless = [
      "db.kysely.selectFrom('facility_user').selectAll()",
      "db.kysely.insertInto('session').values(row)",
      "db.kysely.deleteFrom('sync_deletion').where('id', '<=', last)",
      '// we never update facility_user here',
      "const message = 'Only an admin can change a role.'",
      "db.schema.createTable('facility').execute()",
    ];
    for (const line of harmless) expect(findFacilityTableWrites(line), line).toEqual([]);
  });

  it('no file of core (outside core/facility) or bench writes a facility table', () => {
    const files = [...sourceFiles('core'), ...sourceFiles('bench')].filter((path) => !path.startsWith(join('core', 'facility')));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((path) => findFacilityTableWrites(readFileSync(join(root, path), 'utf8')).map((write) => `${path}: ${write}`));
    expect(offenders, `Write facility rows through the facility service instead:\n${offenders.join('\n')}`).toEqual([]);
  });
});

describe('the facility-internals-private layer rule', () => {
  let tree: TempHome;
  afterEach(() => tree?.remove());

  function cruise(files: Record<string, string>) {
    tree = createTempHome('outpost-facility-layers-');
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(tree.path, '.dependency-cruiser.cjs'));
    copyFileSync(join(root, 'tsconfig.base.json'), join(tree.path, 'tsconfig.base.json'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tree.path, path)), { recursive: true });
      writeFileSync(join(tree.path, path), text);
    }
    const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    return spawnSync(process.execPath, [depcruise, '--config', '.dependency-cruiser.cjs', 'core'], { cwd: tree.path, encoding: 'utf8' });
  }

  const facility = {
    'core/facility/user-repository.ts': 'export const users = 1;\n',
    'core/facility/index.ts': "import { users } from './user-repository.js';\nexport const service = users;\n",
  };

  it('fails, naming the rule and the file, when code outside core/facility imports a repository', () => {
    const run = cruise({
      ...facility,
      'core/server/routes/sneaky-routes.ts': "import { users } from '../../facility/user-repository.js';\nexport const x = users;\n",
    });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/error facility-internals-private: core\/server\/routes\/sneaky-routes\.ts → core\/facility\/user-repository\.ts/);
  });

  it('lets anyone import core/facility/index.ts, and tests reach inside', () => {
    const run = cruise({
      ...facility,
      'core/server/routes/good-routes.ts': "import { service } from '../../facility/index.js';\nexport const y = service;\n",
      'core/server/routes/good-routes.test.ts': "import { users } from '../../facility/user-repository.js';\nexport const z = users;\n",
    });
    expect(run.stdout).toMatch(/no dependency violations found/);
    expect(run.status).toBe(0);
  });
});
