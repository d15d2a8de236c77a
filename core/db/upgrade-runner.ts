import type { Clock } from '../common/clock.js';
import { CoreError } from '../common/core-error.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { UpgradeSchema } from './upgrade-migrations.js';
import type { UpgradeContext, UpgradeStep } from './upgrade-step.js';
import { compareVersions } from './upgrade-version.js';

/** Options of `runUpgradeSteps`. */
export interface RunUpgradeStepsOptions {
  /** The database holding the upgrade tables (`default`). */
  readonly database: SqliteDatabase<UpgradeSchema>;
  readonly steps: readonly UpgradeStep[];
  /** The version now starting; stored once every due step has run. */
  readonly appVersion: string;
  readonly context: UpgradeContext;
  readonly clock: Clock;
}

/**
 * Runs, in version order, each step newer than the stored app version that has not run yet, then
 * stores `appVersion`. No stored version means a home folder from before this mechanism (or a new
 * one), so every step is due; steps must therefore be harmless on a fresh home folder. A step that
 * throws stops start-up without storing the new version, so it is retried on the next start.
 * Answers the names of the steps that ran.
 */
export async function runUpgradeSteps(options: RunUpgradeStepsOptions): Promise<string[]> {
  const { database: db, appVersion, context, clock } = options;
  const names = new Set<string>();
  for (const step of options.steps) {
    if (names.has(step.name)) throw CoreError.bug(`Two upgrade steps are named "${step.name}".`);
    names.add(step.name);
    if (compareVersions(step.version, appVersion) > 0) throw CoreError.bug(`Upgrade step "${step.name}" is for ${step.version}, newer than this app (${appVersion}).`);
  }

  const stored = db.first(db.kysely.selectFrom('app_version').select('version').where('id', '=', 1))?.version;
  if (stored !== undefined && compareVersions(stored, appVersion) > 0) {
    // Never lower the stored version: the newer app's steps have run and must not run again.
    context.logger.warn(`This home folder was last used by Outpost ${stored}, newer than ${appVersion}; no upgrade steps run.`);
    return [];
  }
  const done = new Set(db.all(db.kysely.selectFrom('app_upgrade_step').select('name')).map((row) => row.name));
  const due = options.steps
    .filter((step) => !done.has(step.name) && (stored === undefined || compareVersions(stored, step.version) < 0))
    .sort((a, b) => compareVersions(a.version, b.version));

  const ran: string[] = [];
  for (const step of due) {
    try {
      await step.run(context);
    } catch (error) {
      throw new CoreError('MIGRATION_FAILED', `Upgrade step "${step.name}" (${step.version}) failed: ${(error as Error).message}`, undefined, { cause: error });
    }
    db.run(db.kysely.insertInto('app_upgrade_step').values({ name: step.name, version: step.version, ran_at: clock.now() }));
    context.logger.info(`Ran upgrade step "${step.name}" (${step.version}).`);
    ran.push(step.name);
  }
  if (stored !== appVersion) {
    db.run(
      db.kysely
        .insertInto('app_version')
        .values({ id: 1, version: appVersion, updated_at: clock.now() })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ version: appVersion, updated_at: clock.now() })),
    );
  }
  return ran;
}
