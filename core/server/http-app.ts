import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../common/logger.js';
import { installErrorHandler } from './error-handler.js';
import { registerHealthRoutes, type HealthSource } from './routes/health-routes.js';
import { registerRenderer } from './static-renderer.js';

/** The largest JSON body any route accepts; bigger routes (CSV import) set their own limit. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** What the HTTP app is built from. */
export interface HttpAppOptions {
  readonly logger: Logger;
  readonly rendererDir: string | undefined;
  readonly health: HealthSource;
}

/** Builds the Fastify app with every route. It does not listen; `Core.listen` does. */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: DEFAULT_BODY_LIMIT, trustProxy: false });
  installErrorHandler(app, options.logger);
  registerHealthRoutes(app, options.health);
  await registerRenderer(app, options.rendererDir);
  return app;
}
