import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/logger.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { installErrorHandler } from './error-handler.js';
import { startAuthTestServer, type AuthTestServer } from './auth/test-support/auth-test-server.js';
import { createTestBrowser } from './auth/test-support/test-browser.js';
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

  describe('Cache-Control', () => {
    let server: AuthTestServer | undefined;
    afterEach(() => server?.close());

    it('is no-store on every API answer, signed in or not, success or error, event streams included', async () => {
      server = await startAuthTestServer();
      await server.addUser('amina', 'pw');
      const device = createTestBrowser(server.baseUrl);
      const anonymous = await device.request('GET', '/api/auth/session');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('cache-control')).toBe('no-store');
      const signIn = await device.signIn('amina', 'pw');
      expect(signIn.headers.get('cache-control')).toBe('no-store');
      for (const path of ['/api/auth/session', '/api/auth/sessions', '/api/health', '/api/nothing']) {
        const response = await device.request('GET', path);
        expect([path, response.headers.get('cache-control')]).toEqual([path, 'no-store']);
      }
      const events = await device.openEvents();
      expect(events.status).toBe(200);
      expect(events.headers.get('cache-control')).toBe('no-store, no-transform');
      events.abort();
    });
  });
});
