import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../create-core.js';
import { createTempHome, type TempHome } from '../test-support/temp-home.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { rawRequest } from './test-support/raw-request.js';

describe('the served renderer', () => {
  let home: TempHome | undefined;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    home?.remove();
  });

  async function start(): Promise<number> {
    home = createTempHome('outpost-renderer-');
    const rendererDir = join(home.path, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Outpost</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    core = await createCore({ home: join(home.path, 'home'), rendererDir, passwordHashCost: 4 });
    return Number(new URL(await core.listen({ host: '127.0.0.1', port: 0 })).port);
  }

  it('serves assets, and index.html only for navigations: a missing asset is a JSON 404', async () => {
    const port = await start();
    const asset = await rawRequest(port, { method: 'GET', target: '/assets/app.js' });
    expect([asset.status, asset.body]).toEqual([200, 'console.log(1)']);
    const missing = await rawRequest(port, { method: 'GET', target: '/assets/index-deadbeef.js' });
    expect([missing.status, missing.body]).toEqual([404, { code: 'NOT_FOUND', message: 'No such file: /assets/index-deadbeef.js' }]);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    for (const navigation of ['/users', '/facilities/abc/users', '/']) {
      const page = await rawRequest(port, { method: 'GET', target: navigation });
      expect([navigation, page.status, page.body]).toEqual([navigation, 200, '<!doctype html><title>Outpost</title>']);
    }
  });

  it('answers a path that is not valid percent-encoded UTF-8 (/assets/%c0%ae…) in our error shape', async () => {
    const port = await start();
    for (const target of ['/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/api/users/%c0%ae', '/%ff']) {
      const response = await rawRequest(port, { method: 'GET', target });
      expect([target, response.status]).toEqual([target, 400]);
      expect(response.body).toEqual({ code: 'INVALID_INPUT', message: 'The request path is not valid percent-encoded UTF-8.' });
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
