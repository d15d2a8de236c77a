import Fastify, { type FastifyInstance } from 'fastify';
import { createManualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/logger.js';
import { createSignInThrottle } from '../../server/auth/sign-in-throttle.js';
import { installErrorHandler } from '../../server/error-handler.js';
import { registerSyncRoutes } from '../../server/routes/sync-routes.js';
import type { SyncServer } from '../protocol/sync-server.js';
import type { TestDevice } from './sync-harness.js';

/** A test device's sync server behind the real `/api/sync/*` routes on a loopback port. */
export interface SyncHttpServer {
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Serves `device`'s sync server over HTTP, as a core does, without the rest of a core. Each request
 * goes to the device's live server, so the device may restart underneath.
 */
export async function serveSyncOverHttp(device: TestDevice, options: { readonly bodyLimit?: number } = {}): Promise<SyncHttpServer> {
  const live = new Proxy({} as SyncServer, { get: (_target, name) => (device.sync.server as unknown as Record<string | symbol, unknown>)[name] });
  const app = Fastify({ logger: false });
  installErrorHandler(app, silentLogger);
  await registerSyncRoutes(app, {
    server: live,
    issuer: { issue: (body) => device.sync.issuer.issue(body) },
    throttle: createSignInThrottle(createManualClock()),
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}
