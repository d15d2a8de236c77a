import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isCoreError } from '../../common/core-error.js';
import { decodeJsonBody, encodeJsonBody, GZIP_MIN_BYTES } from './encoded-body.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (error) {
    if (isCoreError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('encoded sync bodies', () => {
  const chunk = { sessionId: 'a'.repeat(32), records: [{ id: 'r1', data: 'Zoë 名前' }], positions: [1] };

  it('decodes plain and gzip JSON to the same value, UTF-8 included', async () => {
    expect(await decodeJsonBody({ bytes: bytes(JSON.stringify(chunk)), gzip: false }, 1024)).toEqual(chunk);
    expect(await decodeJsonBody({ bytes: new Uint8Array(gzipSync(JSON.stringify(chunk))), gzip: true }, 1024)).toEqual(chunk);
  });

  it('decodes a body whose gzip trailer announces less than it holds (two members: the last one’s size)', async () => {
    const text = JSON.stringify({ records: Array.from({ length: 200 }, (_, n) => ({ id: `r${n}`, body: 'x'.repeat(100) })) });
    const split = text.length - 10;
    const body = Buffer.concat([gzipSync(text.slice(0, split)), gzipSync(text.slice(split))]);
    expect(body.readUInt32LE(body.length - 4)).toBe(10);
    expect(await decodeJsonBody({ bytes: new Uint8Array(body), gzip: true }, 1024 * 1024)).toEqual(JSON.parse(text));
  });

  it('refuses bad JSON, an empty body and broken gzip as INVALID_INPUT', async () => {
    expect(await refusal(() => decodeJsonBody({ bytes: bytes('{"sessionId": '), gzip: false }, 1024))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/JSON/) });
    expect(await refusal(() => decodeJsonBody({ bytes: new Uint8Array(0), gzip: false }, 1024))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/empty/) });
    const zipped = gzipSync(JSON.stringify(chunk));
    expect(await refusal(() => decodeJsonBody({ bytes: new Uint8Array(zipped.subarray(0, zipped.length - 12)), gzip: true }, 1024))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/gzip/) });
    expect(await refusal(() => decodeJsonBody({ bytes: bytes('not gzip'), gzip: true }, 1024))).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses more than the limit, plain or once inflated, without inflating a bomb past it', async () => {
    const big = JSON.stringify({ pad: ' '.repeat(2048) });
    expect(await refusal(() => decodeJsonBody({ bytes: bytes(big), gzip: false }, 1024))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const bomb = gzipSync(JSON.stringify({ pad: ' '.repeat(64 * 1024 * 1024) }));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    expect(await refusal(() => decodeJsonBody({ bytes: new Uint8Array(bomb), gzip: true }, 1024 * 1024))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses prototype poisoning, as the HTTP layer’s JSON parser does, and keeps ordinary uses of the words', async () => {
    for (const poisoned of ['{"records": [{"__proto__": {"admin": true}}]}', '{"a": {"constructor": {"prototype": {"x": 1}}}}']) {
      expect(await refusal(() => decodeJsonBody({ bytes: bytes(poisoned), gzip: false }, 1024))).toMatchObject({ code: 'INVALID_INPUT' });
    }
    const harmless = { fullName: 'constructor __proto__', constructor: 'a name' };
    expect(await decodeJsonBody({ bytes: bytes(JSON.stringify(harmless)), gzip: false }, 1024)).toEqual(harmless);
  });

  it('encodes an answer as gzip only when asked and worth it', async () => {
    const small = await encodeJsonBody({ position: 1 }, true);
    expect(small.gzip).toBe(false);
    expect(JSON.parse(Buffer.from(small.bytes).toString('utf8'))).toEqual({ position: 1 });
    const page = { records: Array.from({ length: 50 }, (_, n) => ({ id: `r${n}`, body: 'a record worth compressing' })), position: 50 };
    expect(JSON.stringify(page).length).toBeGreaterThan(GZIP_MIN_BYTES);
    const zipped = await encodeJsonBody(page, true);
    expect(zipped.gzip).toBe(true);
    expect(JSON.parse(gunzipSync(zipped.bytes).toString('utf8'))).toEqual(page);
    expect((await encodeJsonBody(page, false)).gzip).toBe(false);
  });
});
