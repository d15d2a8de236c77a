import type { FastifyInstance } from 'fastify';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { AuthServices } from '../auth/install-auth.js';
import { requireAuth } from '../auth/request-user.js';
import { sendSseStream } from '../sse-stream.js';

/**
 * `GET /api/session/events`: a server-sent events stream for the caller's session. It carries one
 * `session-ended` event with `{ reason }` when the session ends, for any reason, and then closes.
 */
export function registerSessionEventRoutes(app: FastifyInstance, auth: AuthServices): void {
  app.get(apiRoutes.sessionEvents, async (request, reply) => {
    const { session, sessionKey } = requireAuth(request);
    // Checked in the same synchronous step as opening the stream: had the session ended between
    // the session hook and here, its event has been sent already and this stream would wait forever.
    if (!auth.sessions.isLive(sessionKey)) throw new CoreError('NOT_AUTHENTICATED', 'Your session has ended. Please sign in.');
    return sendSseStream(reply, auth.channel.open(session.id));
  });
}
