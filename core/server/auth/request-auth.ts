import type { UserDto } from '../../contract/users.js';
import type { Session } from '../../sessions/session.js';

/** Who made a request: resolved once per request by the session hook. */
export interface RequestAuth {
  readonly user: UserDto;
  readonly session: Session;
  /** The raw key from the cookie, to end this session (sign-out). Never logged or sent back. */
  readonly sessionKey: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the session hook: the signed-in user and session, or null. Read it through `requireUser`. */
    outpostAuth: RequestAuth | null;
  }
}
