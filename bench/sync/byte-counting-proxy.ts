import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy on loopback that counts the bytes each way: what "bytes on the wire" means here. */
export interface ByteCountingProxy {
  readonly url: string;
  /** Bytes from clients to the target, and back, since the last reset. */
  counters(): { readonly up: number; readonly down: number };
  reset(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `targetPort` on 127.0.0.1. */
export async function startByteCountingProxy(targetPort: number): Promise<ByteCountingProxy> {
  let up = 0;
  let down = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const target = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(target);
    client.on('data', (chunk: Buffer) => (up += chunk.length));
    target.on('data', (chunk: Buffer) => (down += chunk.length));
    client.pipe(target).pipe(client);
    const end = () => {
      client.destroy();
      target.destroy();
      sockets.delete(client);
      sockets.delete(target);
    };
    client.on('error', end).on('close', end);
    target.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    counters: () => ({ up, down }),
    reset: () => {
      up = 0;
      down = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
