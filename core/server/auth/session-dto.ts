import type { SessionDto } from '../../contract/auth.js';
import type { Session } from '../../sessions/session.js';

/** A session as the API shows it: no key, ISO times, and whether it is the caller's own. */
export function toSessionDto(session: Session, currentSessionId: string): SessionDto {
  return {
    id: session.id,
    createdAt: new Date(session.createdAt).toISOString(),
    lastSeenAt: new Date(session.lastSeenAt).toISOString(),
    expiresAt: new Date(session.expiresAt).toISOString(),
    userAgent: session.userAgent,
    address: session.address,
    current: session.id === currentSessionId,
  };
}
