import type { SyncServer } from '../protocol/sync-server.js';
import type { SyncTransport } from '../protocol/sync-transport.js';
import { overTheWire } from '../protocol/wire-error.js';

/** The calls of the sync protocol, by name. */
export type SyncCall = keyof SyncTransport;

/** Hooks to disturb an in-process transport: a test makes a call fail before or after the peer handles it. */
export interface InProcessTransportOptions {
  /** Runs before the peer sees the request; throwing loses the request. */
  readonly beforeCall?: (call: SyncCall, body: unknown) => void | Promise<void>;
  /** Runs after the peer handled it; throwing loses the response (the peer did the work). */
  readonly afterCall?: (call: SyncCall, body: unknown) => void | Promise<void>;
}

// What crosses a process boundary is JSON: round-trip every payload so that nothing shares
// objects with the peer and nothing that JSON cannot carry slips through.
function wire<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * A transport to a sync server in the same process, for tests and the multi-core harness. It
 * behaves like the network: JSON payloads, errors reduced to their wire form, and the server is
 * looked up on every call, so a test can restart the peer between two calls.
 */
export function createInProcessTransport(server: SyncServer | (() => SyncServer), options: InProcessTransportOptions = {}): SyncTransport {
  const peer = typeof server === 'function' ? server : () => server;
  const call = async <T>(name: SyncCall, body: unknown, handle: (s: SyncServer, b: unknown) => T | Promise<T>): Promise<Awaited<T>> => {
    const request = wire(body);
    await options.beforeCall?.(name, request);
    let response: Awaited<T>;
    try {
      response = await handle(peer(), request);
    } catch (error) {
      throw overTheWire(error);
    }
    await options.afterCall?.(name, request);
    return wire(response);
  };
  const transport: SyncTransport = {
    deviceInfo: () => call('deviceInfo', undefined, (s) => s.deviceInfo()),
    createNonce: () => call('createNonce', undefined, (s) => s.createNonce()),
    certificateChains: (request) => call('certificateChains', request, (s, b) => s.certificateChains(b)),
    openSession: (request) => call('openSession', request, (s, b) => s.openSession(b)),
    initializeTransfer: (request) => call('initializeTransfer', request, (s, b) => s.initializeTransfer(b)),
    proceed: (request) => call('proceed', request, (s, b) => s.proceed(b)),
    pushChunk: (request) => call('pushChunk', request, (s, b) => s.pushChunk(b)),
    pullChunk: (request) => call('pullChunk', request, (s, b) => s.pullChunk(b)),
    closeSession: async (request) => {
      await call('closeSession', request, (s, b) => s.closeSession(b));
    },
  };
  return Object.freeze(transport);
}
