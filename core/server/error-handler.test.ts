import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CoreError, type ErrorCode } from '../common/core-error.js';
import { silentLogger } from '../common/logger.js';
import { installErrorHandler } from './error-handler.js';
import { errorStatus } from './error-status.js';
import { validateInput } from './validate-input.js';

function app() {
  const server = Fastify({ bodyLimit: 1024 });
  installErrorHandler(server, silentLogger);
  server.post('/echo', async (request) => validateInput(z.strictObject({ name: z.string().max(10) }), request.body, 'echo'));
  server.get('/fail/:code', async (request) => {
    throw new CoreError((request.params as { code: ErrorCode }).code, 'told to fail');
  });
  server.get('/crash', async () => {
    throw new Error('secret internals');
  });
  return server;
}

describe('error mapping', () => {
  it('maps every code to its status with the body { code, message }', async () => {
    const server = app();
    for (const [code, status] of Object.entries(errorStatus)) {
      const response = await server.inject({ method: 'GET', url: `/fail/${code}` });
      expect(response.statusCode).toBe(status);
      if (code !== 'INTERNAL') expect(response.json()).toEqual({ code, message: 'told to fail' });
    }
  });

  it('hides the message of unexpected errors', async () => {
    const response = await app().inject({ method: 'GET', url: '/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ code: 'INTERNAL', message: 'Something went wrong on the server.' });
  });

  it('answers malformed JSON with INVALID_INPUT', async () => {
    const response = await app().inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' });
  });

  it('lists field errors, unknown fields included', async () => {
    const response = await app().inject({ method: 'POST', url: '/echo', payload: { name: 'far too long a name', extra: 1 } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name' }),
        { path: 'extra', message: 'Unknown field: extra' },
      ]),
    );
  });

  it('answers an oversized body with PAYLOAD_TOO_LARGE', async () => {
    const response = await app().inject({ method: 'POST', url: '/echo', payload: { name: 'x'.repeat(5000) } });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' });
  });
});
