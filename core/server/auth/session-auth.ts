import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../common/clock.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import { isCookieApiPath, routedPath } from './api-path.js';
import type { RequestAuth } from './request-auth.js';
import { clearSessionCookieOptions, SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';
import type { UserDirectory } from './user-directory.js';

/** Options of `installSessionAuth`. */
export interface SessionAuthOptions {
  readonly sessions: SessionManager;
  readonly users: UserDirectory;
  readonly clock: Clock;
  /** Path prefixes that never see a cookie session (the CSRF-exempt ones). */
  readonly exemptPrefixes: readonly string[];
}

/**
 * Resolves the session once per API request: cookie → SHA-256 → session → active user, and puts
 * the result on `request.outpostAuth` for `requireUser`. A session whose user is gone (deleted
 * while this request was on its way) is deleted here and the request is anonymous. A dead cookie is
 * cleared so the browser stops sending it. Exempt paths (peer sync) are CSRF-free, so they must
 * not be able to act on a cookie session: they never get one.
 */
export function installSessionAuth(app: FastifyInstance, options: SessionAuthOptions): void {
  const { sessions, users, clock } = options;
  const exempt = Object.freeze([...options.exemptPrefixes]);
  app.decorateRequest('outpostAuth', null);
  app.addHook('onRequest', (request, reply, done) => {
    const key = request.cookies[SESSION_COOKIE];
    if (key === undefined || !isCookieApiPath(routedPath(request), exempt)) return done();
    try {
      const valid = sessions.validate(key);
      const user = valid ? users.findActiveUser(valid.session.userId) : undefined;
      if (!valid || !user) {
        if (valid) sessions.destroy(key, 'user-deleted');
        reply.clearCookie(SESSION_COOKIE, clearSessionCookieOptions);
        return done();
      }
      if (valid.extended && valid.session.keepSignedIn) {
        reply.setCookie(SESSION_COOKIE, key, sessionCookieOptions(valid.session, clock.now()));
      }
      const auth: RequestAuth = { user, session: valid.session, sessionKey: key };
      request.outpostAuth = auth;
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
