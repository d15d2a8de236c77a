import type { FastifyInstance } from 'fastify';
import { apiRoutes } from '../../contract/api-routes.js';
import type { HealthResponse } from '../../contract/health.js';

/** What the health route needs to know. */
export interface HealthSource {
  readonly version: string;
  databaseHealth(): Record<string, 'ok' | 'error'>;
}

/** `GET /api/health`: 200 when every database answers, 503 otherwise. */
export function registerHealthRoutes(app: FastifyInstance, source: HealthSource): void {
  app.get(apiRoutes.health, async (_request, reply) => {
    const databases = source.databaseHealth();
    const body: HealthResponse = { version: source.version, databases };
    const healthy = Object.values(databases).every((state) => state === 'ok');
    return reply.status(healthy ? 200 : 503).send(body);
  });
}
