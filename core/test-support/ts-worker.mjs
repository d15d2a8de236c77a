// Bootstraps a worker thread that runs a TypeScript module (worker_threads cannot load .ts itself).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
