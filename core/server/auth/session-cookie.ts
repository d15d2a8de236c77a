import type { CookieSerializeOptions } from '@fastify/cookie';

/** The cookie holding the raw session key. HttpOnly: page scripts never see it. */
export const SESSION_COOKIE = 'outpost_session';

/**
 * Attributes of the session cookie. SameSite=Lax keeps it off cross-site POSTs; `secure: 'auto'`
 * adds Secure when the request came over TLS. Without "keep me signed in" it is a browser-session
 * cookie; with it, it lasts as long as the session (Max-Age, re-sent when the expiry slides).
 */
export function sessionCookieOptions(session: { readonly keepSignedIn: boolean; readonly expiresAt: number }, now: number): CookieSerializeOptions {
  const options: CookieSerializeOptions = { httpOnly: true, sameSite: 'lax', path: '/', secure: 'auto' };
  if (session.keepSignedIn) options.maxAge = Math.max(0, Math.floor((session.expiresAt - now) / 1000));
  return options;
}

/** Attributes used to clear the session cookie (they must match the path it was set with). */
export const clearSessionCookieOptions: CookieSerializeOptions = Object.freeze({ httpOnly: true, sameSite: 'lax', path: '/', secure: 'auto' });
