// Run as a server process is (`node --max-semi-space-size=2 --import tsx` this file): starts a
// worker through startWorkerWithSyncHeap, lets both threads allocate the same way, and prints
// each one's new space in bytes as JSON, {"main": N, "worker": N}. See spawn-sync-worker.test.ts.
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread, parentPort } from 'node:worker_threads';
import { startWorkerWithSyncHeap } from '../spawn-sync-worker.js';

/** Allocates many short-lived objects with a share that lives a while, as a merged page does, so V8 grows the new space as far as it may. */
function churn(): number {
  let kept: { readonly n: number }[] = [];
  for (let n = 0; n < 3_000_000; n += 1) {
    kept.push({ n });
    if (kept.length > 200_000) kept = [];
  }
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}

if (isMainThread) {
  const worker = startWorkerWithSyncHeap(new URL('./ts-worker.mjs', import.meta.url), { workerData: { module: import.meta.url } });
  const workerNewSpace = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  console.log(JSON.stringify({ main: churn(), worker: workerNewSpace }));
} else {
  parentPort!.postMessage(churn());
}
