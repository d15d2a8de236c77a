import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CoreError } from '../common/core-error.js';
import { databaseFileName, databaseNames, type DatabaseName } from '../db/database-name.js';

/**
 * An Outpost backup file (docs/backups.md): the line `OUTPOST-BACKUP 1`, one line of JSON (the
 * manifest), then each database file's bytes in manifest order, nothing after. The manifest gives
 * each file's length and SHA-256, so a truncated, padded or damaged file is refused before use.
 */
export const BACKUP_MAGIC = 'OUTPOST-BACKUP 1\n';

/** The largest manifest line a reader accepts; a real one is a few hundred bytes. */
const MAX_MANIFEST_BYTES = 64 * 1024;

/** One database inside a backup. */
export interface BackupEntry {
  readonly name: DatabaseName;
  readonly bytes: number;
  readonly sha256: string;
}

/** What a backup says about itself. */
export interface BackupManifest {
  readonly format: 1;
  readonly outpostVersion: string;
  /** When the snapshot was taken (ms since the epoch). */
  readonly createdAt: number;
  readonly databases: readonly BackupEntry[];
}

function invalid(reason: string): CoreError {
  return new CoreError('BACKUP_INVALID', `This is not a usable Outpost backup: ${reason}. Nothing was changed.`);
}

function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  return pipeline(createReadStream(file), hash).then(() => hash.digest('hex'));
}

/** Writes `files` (one SQLite file per database) as one backup at `outFile`, through a temporary file renamed into place. */
export async function writeBackupFile(outFile: string, files: ReadonlyMap<DatabaseName, string>, meta: { readonly outpostVersion: string; readonly createdAt: number }): Promise<BackupManifest> {
  const databases: BackupEntry[] = [];
  for (const [name, file] of files) databases.push({ name, bytes: statSync(file).size, sha256: await sha256Of(file) });
  const manifest: BackupManifest = { format: 1, outpostVersion: meta.outpostVersion, createdAt: meta.createdAt, databases };
  const partial = `${outFile}.partial`;
  try {
    const out = createWriteStream(partial);
    out.write(BACKUP_MAGIC + JSON.stringify(manifest) + '\n');
    for (const entry of databases) await pipeline(createReadStream(files.get(entry.name)!), out, { end: false });
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    renameSync(partial, outFile);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return manifest;
}

function parseManifest(line: string): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw invalid('its manifest is damaged');
  }
  const manifest = value as Partial<BackupManifest> | null;
  if (!manifest || manifest.format !== 1 || typeof manifest.outpostVersion !== 'string' || !Array.isArray(manifest.databases)) throw invalid('its manifest is damaged');
  const seen = new Set<string>();
  for (const entry of manifest.databases as Partial<BackupEntry>[]) {
    if (!entry || !databaseNames.includes(entry.name as DatabaseName) || seen.has(entry.name as string)) throw invalid(`it names an unknown database "${String(entry?.name)}"`);
    if (!Number.isSafeInteger(entry.bytes) || (entry.bytes as number) < 1 || typeof entry.sha256 !== 'string') throw invalid('its manifest is damaged');
    seen.add(entry.name as string);
  }
  const missing = databaseNames.filter((name) => !seen.has(name));
  if (missing.length > 0) throw invalid(`it lacks the ${missing.join(', ')} database`);
  return manifest as BackupManifest;
}

/**
 * Checks `file` and writes its databases into `folder` as `<name>.sqlite3`. Throws BACKUP_INVALID
 * (one line) for anything but a whole, undamaged backup; then `folder` may hold partial files.
 */
export async function extractBackupFile(file: string, folder: string): Promise<BackupManifest> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new CoreError('BACKUP_INVALID', `Cannot read the backup ${file}: ${(error as Error).message}. Nothing was changed.`);
  }
  let manifest: BackupManifest;
  let offset: number;
  let size: number;
  try {
    size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, BACKUP_MAGIC.length + MAX_MANIFEST_BYTES));
    readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, BACKUP_MAGIC.length).toString('latin1') !== BACKUP_MAGIC) throw invalid('it does not start like one');
    const end = head.indexOf(0x0a, BACKUP_MAGIC.length);
    if (end < 0) throw invalid('its manifest is cut off');
    manifest = parseManifest(head.subarray(BACKUP_MAGIC.length, end).toString('utf8'));
    offset = end + 1;
  } finally {
    closeSync(fd);
  }
  const expected = offset + manifest.databases.reduce((sum, entry) => sum + entry.bytes, 0);
  if (size < expected) throw invalid(`it is truncated (${size} of ${expected} bytes)`);
  if (size > expected) throw invalid(`it has ${size - expected} unexpected bytes at its end`);
  for (const entry of manifest.databases) {
    const target = join(folder, databaseFileName(entry.name));
    const hash = createHash('sha256');
    const source = createReadStream(file, { start: offset, end: offset + entry.bytes - 1 });
    source.on('data', (chunk) => hash.update(chunk));
    await pipeline(source, createWriteStream(target));
    if (hash.digest('hex') !== entry.sha256) throw invalid(`its ${entry.name} database is damaged (checksum mismatch)`);
    offset += entry.bytes;
  }
  return manifest;
}
