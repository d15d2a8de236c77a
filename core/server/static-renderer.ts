import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CoreError } from '../common/core-error.js';

/** Where Vite puts the renderer's built files; a missing one is a 404, never the page. */
const ASSETS_PREFIX = '/assets/';

/**
 * Serves the built renderer. Unknown API paths and missing files under /assets/ answer a JSON 404;
 * any other unknown path gets index.html so the single-page app can route it (a learner may reload
 * on /users). Answering index.html for a missing script would hide a broken build behind a MIME error.
 */
export async function registerRenderer(app: FastifyInstance, rendererDir: string | undefined): Promise<void> {
  const hasRenderer = rendererDir !== undefined && existsSync(join(rendererDir, 'index.html'));
  if (hasRenderer) {
    await app.register(fastifyStatic, { root: rendererDir, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(ASSETS_PREFIX)) throw new CoreError('NOT_FOUND', `No such file: ${request.url.split('?')[0]}`);
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      throw new CoreError('NOT_FOUND', `No such endpoint: ${request.method} ${request.url.split('?')[0]}`);
    }
    if (!hasRenderer) {
      return reply.type('text/plain').send('Outpost is running, but the user interface has not been built. Run: npm run build');
    }
    return reply.sendFile('index.html');
  });
}
