import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestPath, routedPath } from './auth/api-path.js';

/**
 * The Content Security Policy of every page the core serves, to LAN browsers and to the desktop
 * window alike (the window adds it again itself, so a page it shows is covered even if a response
 * lacks it). The renderer is a Vite build that loads only its own scripts and styles and talks only
 * to its own /api (fetch and the EventSource on /api/session/events), so everything is 'self';
 * data: is allowed for images and fonts because Vite inlines small assets that way. No
 * 'unsafe-inline' and no 'unsafe-eval'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Sets the CSP, tells browsers not to guess content types or leak paths in Referer headers, and
 * keeps every API answer out of caches (`no-store`): they carry one signed-in user's data, and a
 * shared classroom computer's browser cache or a proxy must not hand them to the next user.
 */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  if (routedPath(request).startsWith('/api/') || requestPath(request.url).startsWith('/api/')) {
    // Event streams also ask proxies not to transform (buffer) them; keep that.
    const streaming = String(reply.getHeader('cache-control') ?? '').includes('no-transform');
    reply.header('cache-control', streaming ? 'no-store, no-transform' : 'no-store');
  }
}

/** Applies `applySecurityHeaders` to every answer that goes through Fastify's hooks. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    applySecurityHeaders(request, reply);
    done(null, payload);
  });
}
