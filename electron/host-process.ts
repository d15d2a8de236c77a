import type { ShellToHostMessage } from './host-messages.js';
import type { CancelTask as Cancel } from '../core/common/scheduler.js';

/** A started core host process, whatever started it: Electron's utilityProcess, or Node's fork in tests. */
export interface HostProcess {
  postMessage(message: ShellToHostMessage): void;
  /** Ends the process now, without a clean shutdown. */
  kill(): void;
  /** Every message from the host, unchecked. */
  onMessage(listener: (message: unknown) => void): Cancel;
  /** The process ended; `code` is its exit code (null when a signal ended it). */
  onExit(listener: (code: number | null) => void): Cancel;
}

/** Starts a new core host process. */
export type SpawnHostProcess = () => HostProcess;
