import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import { usernameKey } from '../../facility/index.js';
import type { CurrentSessionResponse, SessionListResponse, SignInResponse, SignOutOthersResponse } from '../../contract/auth.js';
import { issueCsrfToken } from '../auth/csrf-protection.js';
import type { AuthServices } from '../auth/install-auth.js';
import { refusalMessage } from '../auth/sign-in-throttle.js';
import { requireAuth } from '../auth/request-user.js';
import { clearSessionCookieOptions, SESSION_COOKIE, sessionCookieOptions } from '../auth/session-cookie.js';
import { toSessionDto } from '../auth/session-dto.js';
import { validateInput } from '../validate-input.js';

/** The longest username sign-in accepts (Kolibri allows 125); longer input is refused before any look-up. */
export const MAX_USERNAME_LENGTH = 256;
/** The longest password sign-in accepts: enough for any passphrase, and bounds the hashing work. */
export const MAX_PASSWORD_LENGTH = 1024;
/** The longest user agent stored with a session. */
const MAX_USER_AGENT_LENGTH = 512;

const signInBody = z.strictObject({
  username: z.string().trim().min(1, 'Enter your username.').max(MAX_USERNAME_LENGTH, `A username has at most ${MAX_USERNAME_LENGTH} characters.`),
  password: z.string().min(1, 'Enter your password.').max(MAX_PASSWORD_LENGTH, `A password has at most ${MAX_PASSWORD_LENGTH} characters.`),
  facilityId: z.string().min(1).max(128).optional(),
  keepSignedIn: z.boolean().optional(),
});

/**
 * Sign-in, sign-out, the current session and "my signed-in devices". Sign-in is CSRF-checked like
 * every other POST (no login CSRF) and always issues a new session key and a new CSRF token.
 */
export function registerAuthRoutes(app: FastifyInstance, auth: AuthServices): void {
  const { sessions, users, throttle, clock, csrf } = auth;

  app.post(apiRoutes.signIn, async (request, reply) => {
    const body = validateInput(signInBody, request.body, 'sign-in');
    // By key: `ａｍｉｎａ`, `AMINA` and `amina` reach one account, so they share one failure count.
    const admission = throttle.admit(usernameKey(body.username), request.ip);
    if (!admission.admitted) {
      reply.header('retry-after', String(Math.ceil(admission.retryAfterMs / 1000)));
      throw new CoreError('RATE_LIMITED', refusalMessage(admission));
    }
    let user;
    try {
      user = await users.authenticate(body.username, body.password, body.facilityId);
    } catch (error) {
      admission.abandoned();
      throw error;
    }
    if (!user) {
      admission.failed();
      // One message whether the username exists or not: no hint that an account exists.
      throw new CoreError('INVALID_CREDENTIALS', 'The username or password is not right.');
    }
    admission.succeeded();
    // The session this browser had (anyone's) ends: a sign-in always starts a session with a new key.
    const previousKey = request.cookies[SESSION_COOKIE];
    if (previousKey !== undefined) sessions.destroy(previousKey, 'signed-out');
    const userAgent = request.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
    const { key, session } = sessions.create({ userId: user.id, keepSignedIn: body.keepSignedIn ?? false, userAgent, address: request.ip });
    reply.setCookie(SESSION_COOKIE, key, sessionCookieOptions(session, clock.now()));
    issueCsrfToken(reply, csrf);
    const response: SignInResponse = { user };
    return response;
  });

  app.post(apiRoutes.signOut, async (request, reply) => {
    // The raw cookie, not only a resolved session: signing out must also end a session whose user
    // lookup failed, and is harmless for a dead key.
    const key = request.cookies[SESSION_COOKIE];
    if (key !== undefined) sessions.destroy(key, 'signed-out');
    reply.clearCookie(SESSION_COOKIE, clearSessionCookieOptions);
    return reply.status(204).send();
  });

  app.get(apiRoutes.currentSession, async (request) => {
    const { user, session } = requireAuth(request);
    const response: CurrentSessionResponse = { user, session: toSessionDto(session, session.id) };
    return response;
  });

  app.get(apiRoutes.mySessions, async (request) => {
    const { user, session } = requireAuth(request);
    const response: SessionListResponse = { sessions: sessions.listForUser(user.id).map((each) => toSessionDto(each, session.id)) };
    return response;
  });

  app.delete(apiRoutes.myOtherSessions, async (request) => {
    const { user, session } = requireAuth(request);
    const response: SignOutOthersResponse = { signedOut: sessions.destroyOthers(user.id, session.id, 'signed-out-elsewhere') };
    return response;
  });
}
