import { Worker } from 'node:worker_threads';
import type { SyncWorkerData } from './sync-worker.js';

/**
 * Starts the sync worker thread. Built (dist/, `npm start`, `npm run serve`) it runs the compiled
 * `sync-worker.js`; from source (vitest, tsx) a worker cannot load .ts by itself, so it goes
 * through the TypeScript bootstrap the tests' workers use.
 */
export function spawnSyncWorker(data: SyncWorkerData): Worker {
  if (import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./test-support/ts-worker.mjs', import.meta.url), { workerData: { module: new URL('./sync-worker.ts', import.meta.url).href, sync: data } });
  }
  return new Worker(new URL('./sync-worker.js', import.meta.url), { workerData: { sync: data } });
}
