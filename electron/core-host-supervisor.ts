import { parseHostMessage } from './host-messages.js';
import type { HostProcess, SpawnHostProcess } from './host-process.js';
import type { RestartDecision, RestartPolicy } from './restart-policy.js';
import type { CancelTask as Cancel, Scheduler } from '../core/common/scheduler.js';

/** The core host is serving. */
export interface HostReady {
  readonly kind: 'ready';
  readonly url: string;
  readonly lanUrls: readonly string[];
  /** True when this host replaced one that crashed. */
  readonly restarted: boolean;
}

/** Where the core host is in its life, as the shell shows it. */
export type HostState =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'starting' }
  | HostReady
  /** Ended without being asked; `decision` says whether it comes back. */
  | { readonly kind: 'crashed'; readonly exitCode: number | null; readonly decision: RestartDecision }
  /** Could not start; starting it again would fail the same way, so it is not restarted. */
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** How a shutdown ended. */
export type ShutdownOutcome = 'clean' | 'unclean' | 'killed' | 'not-running';

/** Why `start` did not reach ready. */
export class HostStartError extends Error {
  override readonly name = 'HostStartError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Keeps one core host running: starts it, restarts it after a crash, shuts it down on quit. */
export interface CoreHostSupervisor {
  readonly state: HostState;
  /** Starts a host (again after a failure or giving up) and resolves once it serves. */
  start(): Promise<HostReady>;
  /** Every change of state, restarts included. */
  onDidChangeState(listener: (state: HostState) => void): Cancel;
  /** Asks the host to close its databases and exit; kills it after `timeoutMs`. Never restarts it. */
  shutdown(timeoutMs: number): Promise<ShutdownOutcome>;
}

/** What a supervisor is built from. */
export interface CoreHostSupervisorOptions {
  readonly spawn: SpawnHostProcess;
  readonly policy: RestartPolicy;
  readonly scheduler: Scheduler;
  /** How long a host may take to report ready (migrations of a big database take a while). Default 2 minutes. */
  readonly readyTimeoutMs?: number;
}

interface Running {
  readonly process: HostProcess;
  readonly exited: Promise<number | null>;
}

/** Creates a supervisor; nothing runs until `start`. */
export function createCoreHostSupervisor(options: CoreHostSupervisorOptions): CoreHostSupervisor {
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  const listeners = new Set<(state: HostState) => void>();
  let state: HostState = { kind: 'stopped' };
  let current: Running | undefined;
  let pendingRestart: Cancel | undefined;
  let stopping = false;

  const setState = (next: HostState) => {
    state = next;
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch {
        // A failing listener must not stop the others, nor the supervisor.
      }
    }
  };

  const onDidChangeState = (listener: (state: HostState) => void): Cancel => {
    const entry = (next: HostState) => listener(next);
    listeners.add(entry);
    return () => void listeners.delete(entry);
  };

  const launch = (restarted: boolean) => {
    setState({ kind: 'starting' });
    const child = options.spawn();
    let settled = false;
    let resolveExit!: (code: number | null) => void;
    const exited = new Promise<number | null>((resolve) => (resolveExit = resolve));
    const running: Running = { process: child, exited };
    current = running;
    const cancelTimeout = options.scheduler.schedule(readyTimeoutMs, () => {
      if (settled || current !== running) return;
      settled = true;
      current = undefined;
      child.kill();
      setState({ kind: 'failed', code: 'START_TIMEOUT', message: `The Outpost server did not start within ${Math.round(readyTimeoutMs / 1000)} seconds.` });
    });
    const offMessage = child.onMessage((raw) => {
      const message = parseHostMessage(raw);
      if (!message || settled || current !== running || stopping) return;
      settled = true;
      cancelTimeout();
      if (message.type === 'ready') {
        setState({ kind: 'ready', url: message.url, lanUrls: message.lanUrls, restarted });
      } else {
        // The host exits by itself after reporting; its exit is no crash.
        current = undefined;
        setState({ kind: 'failed', code: message.code, message: message.message });
      }
    });
    const offExit = child.onExit((code) => {
      cancelTimeout();
      offMessage();
      offExit();
      resolveExit(code);
      if (current !== running) return;
      current = undefined;
      // An exit we asked for is no crash.
      if (stopping) return;
      const decision = options.policy.onCrash();
      setState({ kind: 'crashed', exitCode: code, decision });
      if (decision.action === 'restart') {
        pendingRestart = options.scheduler.schedule(decision.delayMs, () => {
          pendingRestart = undefined;
          if (!stopping) launch(true);
        });
      }
    });
  };

  const outcome = () =>
    new Promise<HostReady>((resolve, reject) => {
      const off = onDidChangeState((next) => {
        if (next.kind === 'ready') {
          off();
          resolve(next);
        } else if (next.kind === 'failed') {
          off();
          reject(new HostStartError(next.code, next.message));
        } else if (next.kind === 'crashed' && next.decision.action === 'give-up') {
          off();
          reject(new HostStartError('CRASHED', `The Outpost server stopped ${next.decision.crashes} times within ${Math.round(next.decision.windowMs / 1000)} seconds.`));
        } else if (next.kind === 'stopped') {
          off();
          reject(new HostStartError('STOPPED', 'The Outpost server was shut down before it was ready.'));
        }
      });
    });

  return {
    get state() {
      return state;
    },
    start() {
      if (state.kind === 'ready') return Promise.resolve(state);
      const result = outcome();
      if (!current && !pendingRestart) {
        stopping = false;
        options.policy.reset();
        launch(false);
      }
      return result;
    },
    onDidChangeState,
    async shutdown(timeoutMs) {
      stopping = true;
      pendingRestart?.();
      pendingRestart = undefined;
      const running = current;
      if (!running) {
        setState({ kind: 'stopped' });
        return 'not-running';
      }
      running.process.postMessage({ type: 'shutdown' });
      let killed = false;
      const cancelKill = options.scheduler.schedule(timeoutMs, () => {
        killed = true;
        running.process.kill();
      });
      const code = await running.exited;
      cancelKill();
      setState({ kind: 'stopped' });
      return killed ? 'killed' : code === 0 ? 'clean' : 'unclean';
    },
  };
}
