import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../common/core-error.js';
import type { UserDto } from '../../contract/users.js';
import type { RequestAuth } from './request-auth.js';

function notAuthenticated(): CoreError {
  return new CoreError('NOT_AUTHENTICATED', 'You are not signed in, or your session has ended. Please sign in.');
}

/** The signed-in user and session of the request; throws `NOT_AUTHENTICATED` (401) without one. */
export function requireAuth(request: FastifyRequest): RequestAuth {
  const auth = request.outpostAuth;
  if (!auth) throw notAuthenticated();
  return auth;
}

/** The signed-in user of the request; throws `NOT_AUTHENTICATED` (401) when there is none. */
export function requireUser(request: FastifyRequest): UserDto {
  return requireAuth(request).user;
}

/** The signed-in user of the request, or undefined. */
export function currentUser(request: FastifyRequest): UserDto | undefined {
  return request.outpostAuth?.user;
}
