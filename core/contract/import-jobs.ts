import type { ErrorBody } from './error-body.js';

/** Where a users CSV import job is: checked, hashing passwords (`done` of `total`), writing, then an end state. */
export type ImportJobStatus = 'validating' | 'hashing' | 'writing' | 'completed' | 'failed' | 'cancelled';

/** A users CSV import running in the background (`POST /api/facilities/:id/users/import-jobs`). */
export interface ImportJobDto {
  readonly id: string;
  readonly facilityId: string;
  readonly status: ImportJobStatus;
  /** Passwords hashed so far. */
  readonly done: number;
  /** Rows in the file. */
  readonly total: number;
  /** Users created, once `completed`. */
  readonly created?: number;
  /** Why it `failed` (the same body the synchronous import answers, with per-line details). */
  readonly error?: ErrorBody;
  readonly startedAt: number;
  readonly finishedAt?: number;
}
