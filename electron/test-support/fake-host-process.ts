import type { ShellToHostMessage } from '../host-messages.js';
import type { HostProcess } from '../host-process.js';

/** A core host process a test drives by hand. */
export interface FakeHostProcess extends HostProcess {
  readonly received: ShellToHostMessage[];
  readonly killed: boolean;
  /** The host says something. */
  emit(message: unknown): void;
  /** The host exits. */
  exit(code: number | null): void;
  readonly listenerCount: number;
}

/** Creates a `FakeHostProcess`; `kill` makes it exit with null, as a signal would. */
export function createFakeHostProcess(): FakeHostProcess {
  const messageListeners = new Set<(message: unknown) => void>();
  const exitListeners = new Set<(code: number | null) => void>();
  const received: ShellToHostMessage[] = [];
  let killed = false;
  let exited = false;
  const exit = (code: number | null) => {
    if (exited) return;
    exited = true;
    for (const listener of [...exitListeners]) listener(code);
  };
  return {
    received,
    get killed() {
      return killed;
    },
    get listenerCount() {
      return messageListeners.size + exitListeners.size;
    },
    postMessage: (message) => void received.push(message),
    kill() {
      killed = true;
      exit(null);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => void messageListeners.delete(listener);
    },
    onExit(listener) {
      exitListeners.add(listener);
      return () => void exitListeners.delete(listener);
    },
    emit: (message) => {
      for (const listener of [...messageListeners]) listener(message);
    },
    exit,
  };
}
