import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../common/clock.js';
import { databaseFileName, databaseNames, type DatabaseName } from '../db/database-name.js';
import type { DatabaseSet } from '../db/database-set.js';
import { openSqliteConnection, type SqliteHandle } from '../db/sqlite-connection.js';
import { writeBackupFile, type BackupManifest } from './backup-format.js';

/** Pages copied per step (1,000 pages ≈ 4 MB): a step holds the event loop, so keep each short. */
const PAGES_PER_STEP = 1_000;

/** What `takeBackup` needs. */
export interface TakeBackupOptions {
  readonly databases: DatabaseSet;
  /** The backup file to write (replaced if it exists). */
  readonly outFile: string;
  readonly clock: Clock;
  readonly outpostVersion: string;
  /** Pages per step of the copy (default 1,000); tests lower it to interleave writes with the copy. */
  readonly pagesPerStep?: number;
  /**
   * Runs just before the snapshot, with no JavaScript between: the core serializes pending sync
   * changes here, so the backup holds no rows a restored device would take for its own edits.
   */
  readonly beforeSnapshot?: () => void;
}

/**
 * Writes a consistent snapshot of every database to one backup file with SQLite's online backup,
 * while the server keeps serving. Each database gets its own read-only connection whose read
 * transactions are opened one after another with no JavaScript between them, so the snapshots
 * are of one moment; writes by the server's connections then land beside them (WAL) and are not
 * in the backup. The copy runs in short steps so learners' requests run between them.
 */
export async function takeBackup(options: TakeBackupOptions): Promise<BackupManifest> {
  const scratch = mkdtempSync(join(dirname(options.outFile), '.outpost-backup-'));
  const readers = new Map<DatabaseName, SqliteHandle>();
  try {
    for (const name of databaseNames) readers.set(name, openSqliteConnection(options.databases.get(name).file, { readonly: true }));
    options.beforeSnapshot?.();
    // A read transaction's snapshot starts at its first read.
    for (const reader of readers.values()) {
      reader.exec('BEGIN');
      reader.prepare('SELECT count(*) FROM sqlite_master').get();
    }
    const createdAt = options.clock.now();
    const files = new Map<DatabaseName, string>();
    for (const [name, reader] of readers) {
      const file = join(scratch, databaseFileName(name));
      await reader.backup(file, { progress: () => options.pagesPerStep ?? PAGES_PER_STEP });
      files.set(name, file);
    }
    for (const reader of readers.values()) reader.exec('COMMIT');
    return await writeBackupFile(options.outFile, files, { outpostVersion: options.outpostVersion, createdAt });
  } finally {
    for (const reader of readers.values()) reader.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
