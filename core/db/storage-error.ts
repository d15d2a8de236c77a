import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { CoreError } from '../common/core-error.js';

/** The words a person sees when the disk is full; the UI has its own (renderer/src/ui/describe-error.ts). */
const FULL_MESSAGE = 'The disk holding Outpost’s data is full, so this was not saved. Free some space; Outpost carries on by itself.';
/** The words a person sees when the home folder became read-only. */
const READ_ONLY_MESSAGE = 'Outpost’s data folder has become read-only, so this was not saved. Reading still works.';

/** STORAGE_FULL (507): a write failed for want of space. */
export function storageFullError(cause?: unknown): CoreError {
  return new CoreError('STORAGE_FULL', FULL_MESSAGE, undefined, { cause });
}

/** STORAGE_READ_ONLY (503): a write failed because the home folder cannot be written. */
export function storageReadOnlyError(cause?: unknown): CoreError {
  return new CoreError('STORAGE_READ_ONLY', READ_ONLY_MESSAGE, undefined, { cause });
}

/** The folder's state when an I/O error leaves the reason open: read-only, full, or neither. */
function probeFolder(folder: string): 'read-only' | 'full' | undefined {
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EROFS') return 'read-only';
  }
  try {
    if (statfsSync(folder).bavail === 0) return 'full';
  } catch {
    // No statfs here: leave the error as it was.
  }
  return undefined;
}

/**
 * A storage error for a failed SQLite or file operation (on `file`, when known), or undefined when
 * it is not one. SQLITE_FULL and ENOSPC mean a full disk; SQLITE_READONLY and EROFS a read-only
 * home. A plain I/O error (SQLITE_IOERR_*, which is what a write to a folder remounted read-only
 * gives) is told apart by looking at the file's folder.
 */
export function asStorageError(error: unknown, file?: string): CoreError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return storageFullError(error);
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return storageReadOnlyError(error);
  if (file !== undefined && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN')) {
    const state = probeFolder(dirname(file));
    if (state === 'read-only') return storageReadOnlyError(error);
    if (state === 'full') return storageFullError(error);
  }
  return undefined;
}
