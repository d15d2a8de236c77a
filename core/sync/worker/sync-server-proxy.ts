import type { SyncServer } from '../protocol/sync-server.js';
import type { SyncWorkerHost } from './sync-worker-host.js';

/** The sync server methods, every one forwarded as is. */
const methods = ['deviceInfo', 'createNonce', 'certificateChains', 'openSession', 'initializeTransfer', 'proceed', 'pushChunk', 'pullChunk', 'pushChunkEncoded', 'pullChunkEncoded', 'closeSession'] as const satisfies readonly (keyof SyncServer)[];

/**
 * The peer-facing sync server of the main thread: every call runs in the sync worker, so the
 * HTTP handlers (and in-process transports in tests) await it while the event loop stays free.
 */
export function createSyncServerProxy(host: SyncWorkerHost): SyncServer {
  const proxy = {} as Record<(typeof methods)[number], (...args: unknown[]) => Promise<unknown>>;
  for (const method of methods) proxy[method] = (...args: unknown[]) => host.call('server', method, args);
  return Object.freeze(proxy) as unknown as SyncServer;
}
