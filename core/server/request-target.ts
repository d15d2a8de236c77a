import type { FastifyInstance } from 'fastify';
import { CoreError } from '../common/core-error.js';

// %XX escapes of RFC 3986 unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~"), of "/"
// and of "\": a canonical client never escapes these, and the router decodes them, so a path with
// one names a route under another spelling.
const ESCAPED_UNRESERVED = /%(?:[46][1-9A-F]|[57][0-9A]|3[0-9]|2[DEF]|5[CF]|7E)/i;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

/**
 * Why the request target is not in canonical origin form, or undefined when it is. Only the path
 * counts; the query string is left to the route.
 */
export function nonCanonicalReason(url: string): string | undefined {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (!path.startsWith('/')) return 'it is not a path starting with "/" (absolute-form and asterisk-form targets are not served)';
  if (path.includes('\\')) return 'it contains a backslash';
  if (path.includes('//')) return 'it contains an empty segment ("//")';
  if (DOT_SEGMENT.test(path)) return 'it contains a "." or ".." segment';
  if (ESCAPED_UNRESERVED.test(path)) return 'it percent-encodes a character that needs no encoding';
  return undefined;
}

/**
 * Refuses every request whose target is not canonical with 400 `INVALID_INPUT`, before cookies,
 * CSRF or sessions are looked at. Checks keyed on the path then see the spelling the router
 * matches: `/%61pi/setup` or `http://host/api/setup` cannot reach a route while skipping them.
 * Install it first.
 */
export function installRequestTargetGuard(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const reason = nonCanonicalReason(request.url);
    if (reason === undefined) return done();
    done(new CoreError('INVALID_INPUT', `The request path is not in canonical form: ${reason}.`));
  });
}
