import { test as base } from '@playwright/test';
import jsqr from 'jsqr';
import { expect } from './support/fixtures.js';
import { startOutpostServer, type OutpostServer } from './support/outpost-server.js';
import { ADMIN, provisionDevice } from './support/seed.js';
import { signInThroughUi } from './support/sign-in.js';

// jsqr is CommonJS: under NodeNext its default export is the module, whose `default` is the decoder.
const decodeQr = jsqr.default;

/** The browser APIs the page-side decoding uses (the e2e project has no DOM types). */
interface PageGlobals {
  createImageBitmap(blob: Blob): Promise<{ readonly width: number; readonly height: number }>;
  OffscreenCanvas: new (width: number, height: number) => {
    getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, width: number, height: number): { width: number; height: number; data: Uint8ClampedArray } };
  };
}

/** A server that serves the LAN (0.0.0.0, discovery off), so the page has addresses to list (the machine needs one non-internal IPv4 interface, as every CI VM has); the browser reaches it on loopback. */
const test = base.extend<{ lanServer: OutpostServer }>({
  lanServer: async ({}, use) => {
    const server = await startOutpostServer({ host: '0.0.0.0' });
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
});

test('Connect learners: every listed address has a QR code that a real decoder reads back to that address', async ({ browser, lanServer }) => {
  const { api } = await provisionDevice(lanServer.url);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughUi(page, lanServer.url, ADMIN.username, ADMIN.password);
  await page.getByRole('link', { name: 'Connect learners' }).click();
  await expect(page.getByRole('heading', { name: 'Connect learners' })).toBeVisible();

  const entries = page.getByTestId('connect-address');
  await expect(entries.first()).toBeVisible();
  const count = await entries.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const entry = entries.nth(i);
    const listed = (await entry.locator('.connect-url').textContent())?.trim() ?? '';
    expect(listed).toMatch(/^http:\/\/\d{1,3}(\.\d{1,3}){3}:\d+\/$/);
    const qr = entry.getByRole('img', { name: `QR code of ${listed}` });
    // The pixels as the browser drew them, not the text the component was given.
    const png = await qr.screenshot();
    const pixels = await page.evaluate(async (base64) => {
      const { createImageBitmap, OffscreenCanvas } = globalThis as unknown as PageGlobals;
      // Decoded from bytes, not a data: URL, which the content security policy rightly refuses.
      const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const drawing = canvas.getContext('2d');
      drawing.drawImage(bitmap, 0, 0);
      const data = drawing.getImageData(0, 0, bitmap.width, bitmap.height);
      return { width: data.width, height: data.height, rgba: Array.from(data.data) };
    }, png.toString('base64'));
    const decoded = decodeQr(Uint8ClampedArray.from(pixels.rgba), pixels.width, pixels.height);
    expect(decoded, `the QR code of ${listed} decodes`).not.toBeNull();
    expect(decoded!.data).toBe(listed);
  }
  await context.close();
  await api.dispose();
});
