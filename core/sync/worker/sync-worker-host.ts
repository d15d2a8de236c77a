import type { Worker } from 'node:worker_threads';
import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';
import { createEmitter, type Disposer } from '../../common/events.js';
import type { Logger } from '../../common/logger.js';
import type { SyncProgress } from '../controller/sync-progress.js';
import type { PeerActivity, PeerProgress } from '../peers/peer-service.js';
import { errorFromWorkerError, type DeletedUsersMessage, type FromWorkerMessage, type ToWorkerMessage, type WorkerTarget } from './worker-protocol.js';

/** Why the sync worker stopped without being asked to. */
export interface SyncWorkerCrash {
  readonly exitCode: number | undefined;
  readonly error: unknown;
}

/**
 * The main thread's end of the sync worker: calls go out as messages and come back as promises
 * (request id → promise); what the worker announces (progress, users removed by applied
 * records, logs) comes back as events. The worker starts on the first call (or `warm`), and a worker that
 * crashed is reported and started again by the next call; its transfers resume from their
 * persisted stage.
 */
export interface SyncWorkerHost {
  /**
   * Starts the worker now if it is not running, so the first sync does not wait for its start-up
   * (~0.5 s of loading modules and opening connections). Does nothing once closed.
   */
  warm(): void;
  /** Calls `method` of `target` in the worker with structured-cloneable arguments. */
  call<T>(target: WorkerTarget, method: string, args: readonly unknown[]): Promise<T>;
  /** Every sync progress event of the worker's engine (client and server side). */
  onDidProgress(listener: (progress: SyncProgress) => void): Disposer;
  /** Progress of the worker's peer syncs, for the peer progress stream. */
  onDidPeerProgress(listener: (progress: PeerProgress) => void): Disposer;
  /** Users removed by a record the worker applied, after its transaction committed. */
  onDidDeleteUsers(listener: (event: DeletedUsersMessage) => void): Disposer;
  /** Sync sessions holding a slot of the worker's sync server, as of its latest progress event. */
  admissionActive(): number;
  /** A peer's activity in the worker, once the worker reported one. */
  peerActivity(peerId: string): PeerActivity | undefined;
  /** A peer's activity changed in the worker. */
  onDidChangePeer(listener: (peerId: string) => void): Disposer;
  /** The worker stopped without being asked to (it restarts on the next call). */
  onDidCrash(listener: (crash: SyncWorkerCrash) => void): Disposer;
  /** How many workers were started so far (1 after the first call; one more per restart). */
  readonly starts: number;
  /** Test hook: kills the running worker as a crash would (nothing is flushed), and waits until it is gone. */
  crashForTest(): Promise<void>;
  /** Asks the worker to close its databases and stop; pending calls fail. Idempotent. */
  close(): Promise<void>;
}

/** What the host is built from. */
export interface SyncWorkerHostOptions {
  /** Starts a new worker thread running the sync worker entry. */
  readonly spawn: () => Worker;
  readonly logger: Logger;
  /** Relayed with every call when it is not the system clock, so a test's manual clock rules the worker too. */
  readonly relayClock?: Clock;
  /** How long `close` waits for the worker to close its databases before terminating it (default 10 s). */
  readonly closeTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

interface Running {
  readonly worker: Worker;
  readonly exited: Promise<void>;
  /** Set once a close was asked for: the exit that follows is no crash. */
  stopping: boolean;
}

/** Creates the main thread's end of the sync worker. */
export function createSyncWorkerHost(options: SyncWorkerHostOptions): SyncWorkerHost {
  const { logger } = options;
  const onListenerError = (error: unknown) => logger.error('A sync worker listener failed', error);
  const progress = createEmitter<SyncProgress>(onListenerError);
  const peerProgress = createEmitter<PeerProgress>(onListenerError);
  const deletedUsers = createEmitter<DeletedUsersMessage>(onListenerError);
  const crashes = createEmitter<SyncWorkerCrash>(onListenerError);
  const changedPeer = createEmitter<string>(onListenerError);
  const activities = new Map<string, PeerActivity>();
  let admissionActive = 0;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let starts = 0;
  let running: Running | undefined;
  let closed: Promise<void> | undefined;
  let closedAck: (() => void) | undefined;

  const failPending = (error: Error) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };

  const onMessage = (message: FromWorkerMessage) => {
    switch (message.type) {
      case 'result':
      case 'error': {
        const entry = pending.get(message.id);
        if (!entry) return;
        pending.delete(message.id);
        if (message.type === 'result') entry.resolve(message.value);
        else entry.reject(errorFromWorkerError(message.error));
        return;
      }
      case 'progress':
        admissionActive = message.admissionActive;
        progress.fire(message.progress);
        return;
      case 'admission':
        admissionActive = message.active;
        return;
      case 'peerChanged':
        activities.set(message.peerId, message.activity);
        changedPeer.fire(message.peerId);
        return;
      case 'peerProgress':
        peerProgress.fire(message.progress);
        return;
      case 'deletedUsers':
        deletedUsers.fire(message);
        return;
      case 'log':
        if (message.level === 'error') logger.error(message.message, message.error);
        else logger[message.level](message.message);
        return;
      case 'closed':
        closedAck?.();
        return;
      case 'ready':
        return;
    }
  };

  const start = (): Running => {
    const worker = options.spawn();
    starts++;
    let failure: unknown;
    worker.on('message', onMessage);
    worker.on('error', (error) => {
      failure = error;
    });
    const state: Running = {
      worker,
      stopping: false,
      exited: new Promise<void>((resolve) => {
        worker.once('exit', (exitCode) => {
          if (running === state) running = undefined;
          if (!state.stopping) {
            const crash: SyncWorkerCrash = { exitCode, error: failure };
            logger.error(`The sync worker stopped unexpectedly (exit code ${exitCode}); it starts again on the next sync, and interrupted transfers resume.`, failure);
            failPending(new CoreError('INTERNAL', 'The sync worker stopped while handling this request.', undefined, { cause: failure }));
            crashes.fire(crash);
          }
          resolve();
        });
      }),
    };
    return state;
  };

  return {
    warm() {
      if (!closed) running ??= start();
    },
    call<T>(target: WorkerTarget, method: string, args: readonly unknown[]): Promise<T> {
      if (closed) return Promise.reject(new CoreError('INTERNAL', 'The sync worker is closed.'));
      running ??= start();
      const id = nextId++;
      const message: ToWorkerMessage = { type: 'call', id, target, method, args, ...(options.relayClock ? { now: options.relayClock.now() } : {}) };
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        running!.worker.postMessage(message);
      });
    },
    onDidProgress: progress.on,
    onDidPeerProgress: peerProgress.on,
    admissionActive: () => admissionActive,
    peerActivity: (peerId: string) => activities.get(peerId),
    onDidChangePeer: changedPeer.on,
    onDidDeleteUsers: deletedUsers.on,
    onDidCrash: crashes.on,
    get starts() {
      return starts;
    },
    async crashForTest() {
      const current = running;
      if (!current) return;
      await current.worker.terminate();
      await current.exited;
    },
    close() {
      closed ??= (async () => {
        const current = running;
        if (!current) return;
        current.stopping = true;
        const acknowledged = new Promise<void>((resolve) => {
          closedAck = resolve;
        });
        current.worker.postMessage({ type: 'close' } satisfies ToWorkerMessage);
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, options.closeTimeoutMs ?? 10_000);
        });
        await Promise.race([acknowledged, current.exited, timeout]);
        clearTimeout(timer);
        failPending(new CoreError('INTERNAL', 'The sync worker was closed while handling this request.'));
        // Its databases are closed: nothing of it is needed any more (open sockets to peers included).
        await current.worker.terminate();
        await current.exited;
      })();
      return closed;
    },
  };
}
