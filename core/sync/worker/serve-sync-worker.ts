import type { MessagePort } from 'node:worker_threads';
import type { Disposer } from '../../common/events.js';
import type { Logger } from '../../common/logger.js';
import type { PeerService } from '../peers/peer-service.js';
import type { SyncServer } from '../protocol/sync-server.js';
import type { SyncService } from '../sync-service.js';
import { errorToWorkerError, type FromWorkerMessage, type ToWorkerMessage } from './worker-protocol.js';

/** What the worker entry built: a sync service over its own connection, and how to close it. */
export interface SyncWorkerServices {
  readonly sync: SyncService;
  /** Subscribes to users removed by applied records (the facility service's event). */
  readonly onDidDeleteUsers: (listener: (event: { readonly userIds: readonly string[]; readonly reason: string }) => void) => Disposer;
  close(): Promise<void>;
}

/** A logger that sends its lines to the main thread, whose logger decides where they go. */
export function workerLogger(port: MessagePort): Logger {
  const post = (message: FromWorkerMessage) => port.postMessage(message);
  return Object.freeze({
    info: (message: string) => post({ type: 'log', level: 'info', message }),
    warn: (message: string) => post({ type: 'log', level: 'warn', message }),
    error: (message: string, error?: unknown) =>
      post({ type: 'log', level: 'error', message, ...(error === undefined ? {} : { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }) }),
  });
}

/**
 * Runs the worker side of the sync worker on `port`: answers calls to the sync server and the
 * peer service, and forwards progress and removed users as they happen. `onNow` receives the
 * main thread's clock when it relays one (a test's manual clock).
 */
export function serveSyncWorker(port: MessagePort, services: SyncWorkerServices, onNow: (now: number) => void): void {
  const post = (message: FromWorkerMessage) => port.postMessage(message);
  const { sync } = services;
  const targets: { readonly server: SyncServer; readonly peers: PeerService } = { server: sync.server, peers: sync.peers };
  const disposers = [
    sync.onDidProgress((progress) => post({ type: 'progress', progress, admissionActive: sync.admission?.active() ?? 0 })),
    sync.peers.onDidChangePeer((peerId) => post({ type: 'peerChanged', peerId, activity: sync.peers.activity(peerId) })),
    sync.peers.onDidProgress((progress) => post({ type: 'peerProgress', progress })),
    services.onDidDeleteUsers(({ userIds, reason }) => post({ type: 'deletedUsers', userIds, reason })),
  ];
  // Only these may be called: a message cannot reach anything else of the worker.
  const allowed: Record<keyof typeof targets, ReadonlySet<string>> = {
    server: new Set(['deviceInfo', 'createNonce', 'certificateChains', 'openSession', 'initializeTransfer', 'proceed', 'pushChunk', 'pullChunk', 'pushChunkEncoded', 'pullChunkEncoded', 'closeSession']),
    peers: new Set(['sync']),
  };

  // The line of syncs changes with the calls (a session opens or closes): the main thread learns its
  // length before the call's result, so what it reads after awaiting a call is current.
  let lastAdmission = 0;
  const reportAdmission = () => {
    const active = sync.admission?.active() ?? 0;
    if (active !== lastAdmission) post({ type: 'admission', active });
    lastAdmission = active;
  };
  const handle = async (message: Extract<ToWorkerMessage, { type: 'call' }>) => {
    if (message.now !== undefined) onNow(message.now);
    try {
      if (!allowed[message.target]?.has(message.method)) throw new Error(`The sync worker has no method ${message.target}.${message.method}.`);
      const target = targets[message.target] as unknown as Record<string, (...args: unknown[]) => unknown>;
      const value = await target[message.method]!(...message.args);
      reportAdmission();
      post({ type: 'result', id: message.id, value });
    } catch (error) {
      reportAdmission();
      post({ type: 'error', id: message.id, error: errorToWorkerError(error) });
    }
  };

  port.on('message', (message: ToWorkerMessage) => {
    if (message.type === 'call') {
      void handle(message);
      return;
    }
    for (const dispose of disposers) dispose();
    void services.close().finally(() => {
      post({ type: 'closed' });
      port.close();
    });
  });
  post({ type: 'ready' });
}
