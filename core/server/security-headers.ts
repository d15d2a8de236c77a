import type { FastifyInstance } from 'fastify';

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

/** Sends the CSP, and tells browsers not to guess content types or leak paths in Referer headers. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    done(null, payload);
  });
}
