import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { scheduleRepeating, type Scheduler } from '../common/scheduler.js';

/** The default heartbeat: under the 30-60 s idle timeouts common in proxies. */
export const DEFAULT_SSE_HEARTBEAT_MS = 25_000;

// Ask EventSource to wait 5 s before reconnecting after a network error; a reconnect then meets
// the route's checks again (a session that ended meanwhile answers 401, which stops EventSource).
const PREAMBLE = 'retry: 5000\n: connected\n\n';
const HEARTBEAT = ': heartbeat\n\n';

/** Options of `openSseStream`. */
export interface SseStreamOptions {
  /** Runs the heartbeat; tests pass a manual scheduler and advance it. */
  readonly scheduler: Scheduler;
  /** A comment line is sent this often so idle proxies and NATs keep the connection. */
  readonly heartbeatMs: number;
}

/** One server-sent event on the wire: `event: name` and its JSON `data`, then a blank line. */
export function formatSseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A new event stream with the reconnect hint written and its heartbeat running. The heartbeat
 * stops as soon as the stream is ended (by the server) or closed (the client went away).
 */
export function openSseStream(options: SseStreamOptions): PassThrough {
  const stream = new PassThrough();
  const stopHeartbeat = scheduleRepeating(options.scheduler, options.heartbeatMs, () => {
    // Ended but not yet finished (`finish` comes a tick after `end`): never write after the end.
    if (stream.writableEnded || stream.destroyed) stopHeartbeat();
    else stream.write(HEARTBEAT);
  });
  // `finish` comes when the server ended it, `close` when the client went away first.
  stream.once('finish', stopHeartbeat);
  stream.once('close', stopHeartbeat);
  stream.write(PREAMBLE);
  return stream;
}

/** Answers a request with `stream` as server-sent events, headers included. */
export function sendSseStream(reply: FastifyReply, stream: Readable): FastifyReply {
  return reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    // Tell a buffering reverse proxy (nginx) to pass events through at once.
    .header('x-accel-buffering', 'no')
    .send(stream);
}
