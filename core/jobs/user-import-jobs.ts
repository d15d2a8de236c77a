import { parse } from 'csv-parse/sync';
import type { Clock } from '../common/clock.js';
import { CoreError, isCoreError } from '../common/core-error.js';
import { createEmitter, type Disposer } from '../common/events.js';
import type { Logger } from '../common/logger.js';
import type { ImportJobDto } from '../contract/import-jobs.js';
import type { TrackedPasswordHasher } from './tracked-password-hasher.js';

/** Finished jobs kept for their pages to read back; older ones are forgotten. */
const FINISHED_JOBS_KEPT = 20;

/** Users CSV imports as background jobs: checked, then passwords hashed (with progress), then one write. */
export interface UserImportJobs {
  /** Starts importing `csv` into the facility and answers at once. CONFLICT while another import of it runs. */
  start(facilityId: string, csv: string): ImportJobDto;
  /** A job by id. */
  get(jobId: string): ImportJobDto | undefined;
  /** The facility's newest job, running or finished: what its users page shows on coming back. */
  latest(facilityId: string): ImportJobDto | undefined;
  /** Stops a job before its write; nothing is imported. CONFLICT once it is writing or finished. */
  cancel(jobId: string): ImportJobDto;
  /** Every change of every job (progress, end). */
  onDidChange(listener: (job: ImportJobDto) => void): Disposer;
  /** Cancels running jobs and waits for them to stop (before the databases close). */
  close(): Promise<void>;
}

/** What the jobs are built from. */
export interface UserImportJobsOptions {
  /** The facility service's all-or-nothing import, whose hashes go through `hasher`. */
  readonly importUsers: (facilityId: string, csv: string) => Promise<{ readonly created: number }>;
  readonly hasher: TrackedPasswordHasher;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly logger: Logger;
}

/** The rows a CSV holds (the header excluded), for the progress total; 0 when it does not parse (the import then says why). */
function rowCount(csv: string): number {
  try {
    return Math.max(0, (parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown[]).length - 1);
  } catch {
    return 0;
  }
}

/** Creates the job registry (in memory: a job does not outlive the process that runs it). */
export function createUserImportJobs(options: UserImportJobsOptions): UserImportJobs {
  const jobs = new Map<string, ImportJobDto>();
  const controllers = new Map<string, AbortController>();
  const running = new Map<string, Promise<void>>();
  const changes = createEmitter<ImportJobDto>((error) => options.logger.error('An import job listener failed', error));
  const cancelled = new CoreError('CONFLICT', 'The import was cancelled before anything was written.');

  const update = (id: string, change: Partial<ImportJobDto>) => {
    const job = { ...jobs.get(id)!, ...change };
    jobs.set(id, job);
    changes.fire(job);
    return job;
  };
  const forgetOldest = () => {
    const finished = [...jobs.values()].filter((job) => job.finishedAt !== undefined).sort((a, b) => a.finishedAt! - b.finishedAt!);
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT))) jobs.delete(job.id);
  };
  const isRunning = (job: ImportJobDto) => job.finishedAt === undefined;

  return Object.freeze({
    start(facilityId: string, csv: string) {
      const busy = [...jobs.values()].find((job) => job.facilityId === facilityId && isRunning(job));
      if (busy) throw new CoreError('CONFLICT', 'An import into this facility is already running; wait for it or cancel it.');
      const id = options.newId();
      const controller = new AbortController();
      const job: ImportJobDto = { id, facilityId, status: 'validating', done: 0, total: rowCount(csv), startedAt: options.clock.now() };
      jobs.set(id, job);
      controllers.set(id, controller);
      const onHashed = () => {
        const current = jobs.get(id)!;
        const done = current.done + 1;
        update(id, { done, total: Math.max(current.total, done), status: done >= current.total ? 'writing' : 'hashing' });
      };
      const work = options.hasher
        .track({ onHashed, signal: controller.signal }, () => options.importUsers(facilityId, csv))
        .then(
          ({ created }) => {
            update(id, { status: 'completed', created, done: jobs.get(id)!.total, finishedAt: options.clock.now() });
          },
          (error: unknown) => {
            if (controller.signal.aborted) {
              update(id, { status: 'cancelled', finishedAt: options.clock.now() });
              return;
            }
            if (!isCoreError(error) || error.code === 'INTERNAL') options.logger.error('A users CSV import failed', error);
            const body = isCoreError(error) ? error.toBody() : CoreError.bug('import failed').toBody();
            update(id, { status: 'failed', error: body, finishedAt: options.clock.now() });
          },
        )
        .finally(() => {
          controllers.delete(id);
          running.delete(id);
          forgetOldest();
        });
      running.set(id, work);
      changes.fire(job);
      return job;
    },
    get: (jobId: string) => jobs.get(jobId),
    latest(facilityId: string) {
      let newest: ImportJobDto | undefined;
      for (const job of jobs.values()) if (job.facilityId === facilityId && (!newest || job.startedAt >= newest.startedAt)) newest = job;
      return newest;
    },
    cancel(jobId: string) {
      const job = jobs.get(jobId);
      if (!job) throw new CoreError('NOT_FOUND', `No import job with id "${jobId}".`);
      const controller = controllers.get(jobId);
      if (!controller || job.status === 'writing' || !isRunning(job)) {
        throw new CoreError('CONFLICT', job.status === 'writing' ? 'The import is already writing; it can no longer be cancelled.' : 'The import has already finished.');
      }
      controller.abort(cancelled);
      return update(jobId, { status: 'cancelled' });
    },
    onDidChange: changes.on,
    async close() {
      for (const controller of controllers.values()) controller.abort(cancelled);
      await Promise.allSettled([...running.values()]);
    },
  });
}
