import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../common/core-error.js';
import { databaseFileName, databaseNames } from '../db/database-name.js';
import type { DatabaseSet } from '../db/database-set.js';
import { keepInstanceAcrossRestore, readRunningInstance, type SyncStoreSchema } from '../sync/index.js';
import { extractBackupFile, type BackupManifest } from './backup-format.js';

/** What `restoreBackup` needs. */
export interface RestoreBackupOptions {
  /** The running device's databases; their files are overwritten in place. */
  readonly databases: DatabaseSet;
  /** The home folder: the backup is unpacked and checked in a scratch folder there first. */
  readonly home: string;
  readonly file: string;
}

function migrationNames(handle: Database.Database): string[] {
  const table = handle.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
  if (!table) return [];
  return (handle.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((row) => row.name);
}

/**
 * Restores a backup onto a running device: unpacks it into a scratch folder, checks every file
 * (length, checksum, SQLite integrity, the same schema as this version), and only then copies each
 * database over the live one with SQLite's backup API, so open connections see the restored data.
 * A bad file throws BACKUP_INVALID before anything is written. The device keeps its own, fresh
 * sync instance (`keepInstanceAcrossRestore`), so no counter of the backup is ever reused.
 */
export async function restoreBackup(options: RestoreBackupOptions): Promise<BackupManifest> {
  const scratch = mkdtempSync(join(options.home, '.outpost-restore-'));
  try {
    const manifest = await extractBackupFile(options.file, scratch);
    for (const name of databaseNames) {
      let restored: Database.Database;
      try {
        restored = new Database(join(scratch, databaseFileName(name)), { readonly: true, fileMustExist: true });
      } catch (error) {
        throw new CoreError('BACKUP_INVALID', `This is not a usable Outpost backup: its ${name} database cannot be opened (${(error as Error).message}). Nothing was changed.`);
      }
      try {
        let check: string;
        try {
          check = String(restored.pragma('quick_check', { simple: true }));
        } catch (error) {
          check = (error as Error).message;
        }
        if (check !== 'ok') throw new CoreError('BACKUP_INVALID', `This is not a usable Outpost backup: its ${name} database is damaged (${check}). Nothing was changed.`);
        const theirs = migrationNames(restored).join(',');
        const ours = migrationNames(options.databases.get(name).handle).join(',');
        if (theirs !== ours) {
          throw new CoreError('BACKUP_INVALID', `This backup was made by Outpost ${manifest.outpostVersion}, whose ${name} database differs from this version's; restore it with that version. Nothing was changed.`);
        }
      } finally {
        restored.close();
      }
    }
    const defaultDb = options.databases.get<SyncStoreSchema>('default');
    const running = readRunningInstance(defaultDb);
    for (const name of databaseNames) {
      const restored = new Database(join(scratch, databaseFileName(name)), { readonly: true, fileMustExist: true });
      try {
        await restored.backup(options.databases.get(name).file);
      } finally {
        restored.close();
      }
    }
    if (running) keepInstanceAcrossRestore(defaultDb, running);
    return manifest;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
