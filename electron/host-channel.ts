import type { CancelTask as Cancel } from '../core/common/scheduler.js';
import type { HostToShellMessage } from './host-messages.js';

/** The core host's line to the shell that started it. */
export interface HostChannel {
  send(message: HostToShellMessage): void;
  /** Every message from the shell, unchecked. */
  onMessage(listener: (message: unknown) => void): Cancel;
  /** The shell went away without asking for a shutdown (only a Node parent can tell). */
  onParentGone(listener: () => void): Cancel;
}

/** The part of Electron's `process.parentPort` the host uses (types of its own: the host never imports electron). */
interface ParentPortLike {
  on(event: 'message', listener: (event: { readonly data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { readonly data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** The part of a Node process the channel uses. */
export interface HostProcessLike {
  readonly parentPort?: unknown;
  send?: (message: unknown) => boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

/**
 * The channel of this process: Electron's parentPort in a utilityProcess, or Node's IPC when
 * forked by Node (tests, and the same code path a headless supervisor would use). Undefined when
 * the process was started by neither.
 */
export function processHostChannel(proc: HostProcessLike): HostChannel | undefined {
  const port = proc.parentPort as ParentPortLike | undefined;
  if (port && typeof port.postMessage === 'function') {
    return {
      send: (message) => port.postMessage(message),
      onMessage(listener) {
        const handler = (event: { readonly data: unknown }) => listener(event.data);
        port.on('message', handler);
        return () => void port.off('message', handler);
      },
      // Electron ends a utility process together with its main process.
      onParentGone: () => () => {},
    };
  }
  const send = proc.send?.bind(proc);
  if (!send) return undefined;
  return {
    send: (message) => void send(message),
    onMessage(listener) {
      const handler = (message: unknown) => listener(message);
      proc.on('message', handler);
      return () => void proc.off('message', handler);
    },
    onParentGone(listener) {
      proc.on('disconnect', listener);
      return () => void proc.off('disconnect', listener);
    },
  };
}
