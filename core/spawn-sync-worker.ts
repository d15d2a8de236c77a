import { setFlagsFromString } from 'node:v8';
import { Worker, type ResourceLimits, type WorkerOptions } from 'node:worker_threads';
import type { SyncWorkerData } from './sync-worker.js';

/**
 * The worker's young generation: 8 MB semi-spaces. The worker allocates every record of every
 * page it merges, applies or sends, and a page lives across a few milliseconds of SQLite work: in
 * 2 MB semi-spaces about half of each scavenge's objects survived, were copied and then promoted,
 * and at 100,000 records the worker spent ~0.8 s in its own pauses plus ~1.5 s of V8's helper
 * threads beside it. With 8 MB both directions took 0.4–0.9 s less, for ~10–15 MB more peak RSS
 * (docs/performance.md, "Sync", part 11). 16 MB took P1 past 200 MB.
 */
const WORKER_SEMI_SPACE_MB = 8;

/**
 * V8 sizes a young generation as three semi-spaces (two, and the large-object space beside them).
 * The old generation's cap only stops a runaway: every step pages.
 */
const WORKER_RESOURCE_LIMITS: ResourceLimits = Object.freeze({ maxYoungGenerationSizeMb: 3 * WORKER_SEMI_SPACE_MB, maxOldGenerationSizeMb: 256 });

/**
 * A worker thread with the sync worker's heap. The server process runs with
 * `--max-semi-space-size=2` for its main thread (scripts/server-launch.mjs), and V8 lets that
 * process-wide flag win over a worker's `resourceLimits`, so until this the worker had the main
 * thread's 2 MB semi-spaces whatever it asked for. V8 reads the flag when it makes an isolate, so
 * it is set to the worker's size just before the worker starts: the main thread's heap keeps the
 * size it was made with, and every sync worker (a restarted one too) gets its own.
 * `core/spawn-sync-worker.test.ts` checks both in a process started like the server.
 */
export function startWorkerWithSyncHeap(script: URL, options: Omit<WorkerOptions, 'resourceLimits'>): Worker {
  setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  return new Worker(script, { ...options, resourceLimits: WORKER_RESOURCE_LIMITS });
}

/**
 * Starts the sync worker thread. Built (dist/, `npm start`, `npm run serve`) it runs the compiled
 * `sync-worker.js`; from source (vitest, tsx) a worker cannot load .ts by itself, so it goes
 * through the TypeScript bootstrap the tests' workers use.
 */
export function spawnSyncWorker(data: SyncWorkerData): Worker {
  if (import.meta.url.endsWith('.ts')) {
    return startWorkerWithSyncHeap(new URL('./test-support/ts-worker.mjs', import.meta.url), {
      workerData: { module: new URL('./sync-worker.ts', import.meta.url).href, sync: data },
    });
  }
  return startWorkerWithSyncHeap(new URL('./sync-worker.js', import.meta.url), { workerData: { sync: data } });
}
