import type { Clock } from '../common/clock.js';
import type { DatabaseSet } from '../db/database-set.js';
import type { BackupManifest } from './backup-format.js';
import { restoreBackup } from './restore-backup.js';
import { takeBackup } from './take-backup.js';

/** Backups of one running core: every database in one file, and back. */
export interface BackupService {
  /** Writes a consistent snapshot of every database to `outFile` while the core keeps serving. */
  write(outFile: string): Promise<BackupManifest>;
  /** Checks `file` and restores it over this device's databases; BACKUP_INVALID (nothing changed) for a bad file. */
  restore(file: string): Promise<BackupManifest>;
}

/** What `createBackupService` needs. */
export interface BackupServiceOptions {
  readonly databases: DatabaseSet;
  readonly home: string;
  readonly clock: Clock;
  readonly outpostVersion: string;
  /** Serializes pending sync changes (SyncService.serialize); run just before each snapshot. */
  readonly serializeSync: () => void;
}

/** Creates the backup service. */
export function createBackupService(options: BackupServiceOptions): BackupService {
  return Object.freeze({
    write: (outFile: string) =>
      takeBackup({ databases: options.databases, outFile, clock: options.clock, outpostVersion: options.outpostVersion, beforeSnapshot: options.serializeSync }),
    restore: (file: string) => restoreBackup({ databases: options.databases, home: options.home, file }),
  });
}
