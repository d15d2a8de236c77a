import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection, createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

/** A plain HTTP server on 127.0.0.1 that a test makes misbehave as a "peer". */
export interface LoopbackServer {
  readonly url: string;
  readonly port: number;
  /** The request paths it was asked for, in order. */
  readonly hits: readonly string[];
  /** TCP connections it accepted. */
  connections(): number;
  close(): Promise<void>;
}

function listening(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Starts an HTTP server on loopback answering with `handler`. */
export async function startLoopbackServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<LoopbackServer> {
  const hits: string[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    handler(request, response);
  });
  server.on('connection', () => connections++);
  const port = await listening(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hits,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A TCP proxy on loopback in front of a real device, which a test can turn into a black hole. */
export interface LoopbackProxy {
  readonly url: string;
  /** `forward` relays to the target; `blackhole` accepts connections and never answers. */
  mode: 'forward' | 'blackhole';
  connections(): number;
  /** Resolves once more than `count` connections were accepted. */
  connectionAfter(count: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a TCP proxy on loopback to `targetPort`. */
export async function startLoopbackProxy(targetPort: number): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const waiters: { count: number; resolve: () => void }[] = [];
  let accepted = 0;
  const proxy: LoopbackProxy = {
    url: '',
    mode: 'forward',
    connections: () => accepted,
    connectionAfter: (count) => new Promise<void>((resolve) => (accepted > count ? resolve() : waiters.push({ count, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createTcpServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    for (const waiter of waiters.filter((w) => accepted > w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    // A black hole reads what it is sent and never answers.
    if (proxy.mode === 'blackhole') return void socket.resume();
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.pipe(upstream).pipe(socket);
  });
  const port = await listening(server);
  return Object.assign(proxy, { url: `http://127.0.0.1:${port}` });
}

/** The rows of every sync table of a core's default database, to prove that nothing was written. */
export function syncRowCounts(handle: { prepare(sql: string): { get(): unknown } }): Record<string, number> {
  const tables = ['sync_certificate', 'sync_private_key', 'sync_peer', 'sync_session', 'sync_transfer_session'];
  return Object.fromEntries(tables.map((table) => [table, (handle.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n]));
}
