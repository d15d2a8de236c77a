import type { Logger } from '../common/logger.js';

/** What an upgrade step may use. */
export interface UpgradeContext {
  /** The home folder holding every Outpost file. */
  readonly home: string;
  readonly logger: Logger;
}

/**
 * One-off work for data written by an older Outpost (Kolibri's `version_upgrade`). It runs once,
 * at start-up after the migrations, when the stored app version is older than `version`.
 */
export interface UpgradeStep {
  /** Stable unique name; recorded in `app_upgrade_step` once the step has run. */
  readonly name: string;
  /** The app version that introduced the step (`major.minor.patch`). */
  readonly version: string;
  /** Does the work. A failure it can live with is logged here, not thrown. */
  run(context: UpgradeContext): void | Promise<void>;
}
