/** What the core host tells the shell. */
export type HostToShellMessage =
  /** Listening: `url` is on 127.0.0.1 (for the window), `lanUrls` what learners type. */
  | { readonly type: 'ready'; readonly url: string; readonly lanUrls: readonly string[] }
  /** Could not start (a port in use, a failed migration): restarting would fail the same way. */
  | { readonly type: 'failed'; readonly code: string; readonly message: string };

/** What the shell tells the core host. */
export type ShellToHostMessage = { readonly type: 'shutdown' };

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Checks a message from the core host; anything malformed is undefined, never trusted. */
export function parseHostMessage(value: unknown): HostToShellMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  if (message.type === 'ready' && typeof message.url === 'string' && isStringArray(message.lanUrls)) {
    return Object.freeze({ type: 'ready', url: message.url, lanUrls: Object.freeze([...message.lanUrls]) });
  }
  if (message.type === 'failed' && typeof message.code === 'string' && typeof message.message === 'string') {
    return Object.freeze({ type: 'failed', code: message.code, message: message.message });
  }
  return undefined;
}

/** Whether a message from the shell asks the core host to shut down. */
export function isShutdownMessage(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'shutdown';
}
