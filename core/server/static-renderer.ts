import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CoreError } from '../common/core-error.js';

/**
 * Serves the built renderer. Unknown API paths answer a JSON 404; any other unknown path gets
 * index.html so the single-page app can route it (a learner may reload on /users).
 */
export async function registerRenderer(app: FastifyInstance, rendererDir: string | undefined): Promise<void> {
  const hasRenderer = rendererDir !== undefined && existsSync(join(rendererDir, 'index.html'));
  if (hasRenderer) {
    await app.register(fastifyStatic, { root: rendererDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      throw new CoreError('NOT_FOUND', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`);
    }
    if (!hasRenderer) {
      return reply.type('text/plain').send('Outpost is running, but the user interface has not been built. Run: npm run build');
    }
    return reply.sendFile('index.html');
  });
}
