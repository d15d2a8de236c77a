/** `POST /api/setup/restore` answer: what was restored. The device is then set up; sign in as before. */
export interface RestoreResponse {
  /** The Outpost version that made the backup. */
  readonly outpostVersion: string;
  /** When the backup was taken (ms since the epoch). */
  readonly createdAt: number;
}

/** The file name a downloaded backup is offered under. */
export const BACKUP_FILE_SUFFIX = '.outpost-backup';
