import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/logger.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { installErrorHandler } from './error-handler.js';
import { CONTENT_SECURITY_POLICY, installSecurityHeaders } from './security-headers.js';
import { registerRenderer } from './static-renderer.js';

describe('security headers', () => {
  let home: TempHome | undefined;
  afterEach(() => home?.remove());

  it('sends the CSP, nosniff and no-referrer on the app page, its assets, deep links and API errors, over real HTTP', async () => {
    home = createTempHome('outpost-headers-');
    const rendererDir = join(home.path, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Outpost</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    const app = Fastify();
    installErrorHandler(app, silentLogger);
    installSecurityHeaders(app);
    await registerRenderer(app, rendererDir);
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      for (const [path, status] of [['/', 200], ['/assets/app.js', 200], ['/users', 200], ['/api/nothing', 404]] as const) {
        const response = await fetch(base + path);
        expect(response.status, path).toBe(status);
        expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      }
      expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
    } finally {
      await app.close();
    }
  });
});
