import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../common/core-error.js';
import type { Logger } from '../common/logger.js';
import { asStorageError } from '../db/storage-error.js';
import { errorStatus } from './error-status.js';

// Fastify's own errors for malformed requests, translated to our codes so clients see one format.
function fromFastifyError(error: FastifyError): CoreError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CoreError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new CoreError('INVALID_INPUT', `Unsupported content type. ${error.message}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new CoreError('INVALID_INPUT', 'The request body is empty; send a JSON object.', [{ path: '', message: 'Required' }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new CoreError('INVALID_INPUT', 'The request body is not valid JSON.', [{ path: '', message: 'Invalid JSON' }]);
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))) {
    return new CoreError('INVALID_INPUT', 'The request body is not valid JSON.', [{ path: '', message: 'Invalid JSON' }]);
  }
  if (error.statusCode === 413) return new CoreError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new CoreError('INVALID_INPUT', error.message);
  }
  return undefined;
}

/** Installs the error mapping: every error leaves as `{ code, message, details? }` with its status. */
export function installErrorHandler(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: FastifyError | CoreError, request, reply) => {
    // A full disk or read-only home met outside the database layer (a file written by a route).
    const coreError = error instanceof CoreError ? error : (asStorageError(error) ?? fromFastifyError(error));
    if (!coreError || coreError.code === 'INTERNAL') {
      logger.error(`${request.method} ${request.url} failed`, error);
      const body = (coreError ?? CoreError.bug('unexpected')).toBody();
      return reply.status(500).send(body);
    }
    return reply.status(errorStatus[coreError.code]).send(coreError.toBody());
  });
}

/**
 * Fastify's `frameworkErrors` option: a URL the router cannot decode (`/assets/%c0%ae`) or an
 * over-long parameter is answered before any hook or route, so it gets our shape here.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const coreError = error.code === 'FST_ERR_BAD_URL' ? new CoreError('INVALID_INPUT', 'The request path is not valid percent-encoded UTF-8.') : (fromFastifyError(error) ?? new CoreError('INVALID_INPUT', 'The request is malformed.'));
  void reply.status(errorStatus[coreError.code]).type('application/json; charset=utf-8').send(coreError.toBody());
}
