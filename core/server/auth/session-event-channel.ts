import type { PassThrough, Readable } from 'node:stream';
import type { Disposer } from '../../common/events.js';
import type { Logger } from '../../common/logger.js';
import type { Scheduler } from '../../common/scheduler.js';
import { SESSION_ENDED_EVENT, type SessionEndedEvent } from '../../contract/auth.js';
import type { SessionsEnded } from '../../sessions/session-end-reason.js';
import { formatSseEvent, openSseStream } from '../sse-stream.js';

/** The server-sent events of each session: one `session-ended` event when the session ends. */
export interface SessionEventChannel {
  /** A new event stream for the session with this public id. */
  open(sessionId: string): Readable;
  /** How many streams are open (for leak checks). */
  readonly size: number;
  /** Ends every stream without an event (the server is stopping) and stops listening. */
  close(): void;
}

/** Options of `createSessionEventChannel`. */
export interface SessionEventChannelOptions {
  /** Subscribes to ended sessions (the session manager's `onDidEndSessions`). */
  readonly onDidEndSessions: (listener: (event: SessionsEnded) => void) => Disposer;
  /** A comment line is sent this often so idle proxies and NATs keep the connection. */
  readonly heartbeatMs: number;
  /** Runs the heartbeats. */
  readonly scheduler: Scheduler;
  readonly logger: Logger;
}

function endedMessage(event: SessionEndedEvent): string {
  return formatSseEvent(SESSION_ENDED_EVENT, event);
}

/**
 * Creates the channel. Ended sessions are delivered synchronously from `onDidEndSessions`, i.e.
 * as soon as the delete is made, and each affected stream is then closed.
 */
export function createSessionEventChannel(options: SessionEventChannelOptions): SessionEventChannel {
  const streams = new Map<string, Set<PassThrough>>();
  let count = 0;

  const forget = (sessionId: string, stream: PassThrough) => {
    const set = streams.get(sessionId);
    if (!set?.delete(stream)) return;
    count -= 1;
    if (set.size === 0) streams.delete(sessionId);
  };

  const stopListening = options.onDidEndSessions(({ sessionIds, reason }) => {
    // Checked against the contract's type: the wire format is the contract's, not the domain's.
    const message = endedMessage({ reason });
    for (const sessionId of sessionIds) {
      const set = streams.get(sessionId);
      if (!set) continue;
      for (const stream of [...set]) {
        forget(sessionId, stream);
        stream.end(message);
      }
    }
  });

  return {
    open(sessionId: string) {
      const stream = openSseStream({ scheduler: options.scheduler, heartbeatMs: options.heartbeatMs });
      let set = streams.get(sessionId);
      if (!set) streams.set(sessionId, (set = new Set()));
      set.add(stream);
      count += 1;
      // The client went away (or the response failed): drop the stream.
      stream.once('close', () => forget(sessionId, stream));
      stream.on('error', (error) => options.logger.warn(`Session event stream failed: ${error.message}`));
      return stream;
    },
    get size() {
      return count;
    },
    close() {
      stopListening();
      for (const [sessionId, set] of [...streams]) {
        for (const stream of [...set]) {
          forget(sessionId, stream);
          stream.end();
        }
      }
    },
  };
}
