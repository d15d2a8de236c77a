import { SESSION_ENDED_EVENT, type SessionEndReason, type SessionEndedEvent } from '../../../core/contract/auth.js';

/** The reasons the server may send; anything else is treated as unknown rather than trusted. */
const KNOWN_REASONS: ReadonlySet<string> = new Set<SessionEndReason>([
  'user-deleted',
  'facility-deleted',
  'signed-out',
  'signed-out-elsewhere',
  'expired',
]);

/** Reads the data of a `session-ended` event; a malformed payload still ends the session. */
export function parseSessionEnded(data: unknown): SessionEndReason | 'unknown' {
  if (typeof data !== 'string') return 'unknown';
  try {
    const parsed = JSON.parse(data) as Partial<SessionEndedEvent> | null;
    const reason = parsed?.reason;
    return typeof reason === 'string' && KNOWN_REASONS.has(reason) ? (reason as SessionEndReason) : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The narrow part of `EventSource` this module uses (injected, so tests need no browser). */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { readonly data?: unknown }) => void): void;
  close(): void;
}

/** Opens an event source for a URL. */
export type EventSourceFactory = (url: string) => EventSourceLike;

/** An open session event stream. */
export interface SessionEventStream {
  /** True while the stream is connected, so a `session-ended` event can still arrive. */
  isLive(): boolean;
  close(): void;
}

/** What to do with what the stream reports. */
export interface SessionEventHandlers {
  onEnded(reason: SessionEndReason | 'unknown'): void;
  /** The stream closed for good without an event (for example its reconnect answered 401). */
  onLost(): void;
}

const OPEN = 1;
const CLOSED = 2;

/** Listens on `GET /api/session/events` for the one `session-ended` event of this session. */
export function openSessionEvents(url: string, factory: EventSourceFactory, handlers: SessionEventHandlers): SessionEventStream {
  const source = factory(url);
  let closed = false;
  const close = () => {
    closed = true;
    source.close();
  };
  source.addEventListener(SESSION_ENDED_EVENT, (event) => {
    if (closed) return;
    // Close before reacting: the server closes the stream next, and a reconnect would only 401.
    close();
    handlers.onEnded(parseSessionEnded(event.data));
  });
  source.addEventListener('error', () => {
    if (closed) return;
    // While CONNECTING the browser retries by itself; CLOSED means it gave up (a 401, say).
    if (source.readyState === CLOSED) {
      close();
      handlers.onLost();
    }
  });
  return Object.freeze({
    isLive: () => !closed && source.readyState === OPEN,
    close,
  });
}
