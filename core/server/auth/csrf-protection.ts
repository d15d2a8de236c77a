import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CoreError } from '../../common/core-error.js';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth.js';
import { syncProtocolPrefixes } from '../../sync/index.js';
import { isCookieApiPath, routedPath } from './api-path.js';
import type { CsrfTokens } from './csrf-token.js';

/**
 * Paths that do not use cookies at all: the peer-to-peer sync protocol, where peers prove
 * themselves with certificates. Exact protocol paths rather than all of `/api/sync/`, so that peer
 * management there (`/api/sync/peers`) keeps cookies and CSRF.
 */
export const DEFAULT_CSRF_EXEMPT_PREFIXES: readonly string[] = syncProtocolPrefixes;

/** Options of `installCsrfProtection`. */
export interface CsrfOptions {
  /** Path prefixes under /api/ that neither need a token nor see a cookie session. */
  readonly exemptPrefixes: readonly string[];
  /** Signs the tokens this core issues and recognises them. */
  readonly tokens: CsrfTokens;
}

const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HEADER = CSRF_HEADER.toLowerCase();
// A year, as Django does: the token guards no secret, and a stale tab must still be able to sign out.
const TOKEN_MAX_AGE_S = 365 * 24 * 60 * 60;

/** Sets a fresh CSRF token cookie; sign-in calls it so a token planted before sign-in is worthless after. */
export function issueCsrfToken(reply: FastifyReply, tokens: CsrfTokens): string {
  const token = tokens.issue();
  // Not HttpOnly: the page reads it and echoes it in the X-CSRFToken header.
  reply.setCookie(CSRF_COOKIE, token, { path: '/', sameSite: 'lax', secure: 'auto', httpOnly: false, maxAge: TOKEN_MAX_AGE_S });
  return token;
}

function sameToken(cookie: string, header: string): boolean {
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Double-submit CSRF protection. Every POST/PUT/PATCH/DELETE under /api/ (exempt prefixes aside)
 * must carry the `X-CSRFToken` header equal to the `outpost_csrftoken` cookie: another site can make
 * a browser send the cookie but cannot read it to copy it into a header. The token must also be one
 * this core signed, so a pair made up by whoever can plant a cookie is refused. Missing or wrong →
 * 403 `CSRF_FAILED`, before the body is read. A GET under /api/ without a valid token cookie gets
 * one, so the UI's first request (even one answered 401) arms it. Paths are judged as routed.
 */
export function installCsrfProtection(app: FastifyInstance, options: CsrfOptions): void {
  const exempt = Object.freeze([...options.exemptPrefixes]);
  app.addHook('onRequest', (request, reply, done) => {
    if (!isCookieApiPath(routedPath(request), exempt)) return done();
    const cookie = request.cookies[CSRF_COOKIE];
    const hasToken = cookie !== undefined && options.tokens.verify(cookie);
    if (UNSAFE_METHODS.has(request.method)) {
      const header = request.headers[HEADER];
      if (!hasToken || typeof header !== 'string' || !sameToken(cookie, header)) {
        return done(new CoreError('CSRF_FAILED', `This request needs the ${CSRF_HEADER} header equal to the ${CSRF_COOKIE} cookie. Reload the page and try again.`));
      }
    } else if (!hasToken) {
      issueCsrfToken(reply, options.tokens);
    }
    done();
  });
}
