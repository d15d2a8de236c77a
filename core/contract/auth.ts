import type { UserDto } from './users.js';

/** Why a session ended; sent on the session event channel and shown on the sign-in page. */
export type SessionEndReason = 'user-deleted' | 'facility-deleted' | 'signed-out' | 'signed-out-elsewhere' | 'expired';

/** `POST /api/auth/signin` body. */
export interface SignInRequest {
  readonly username: string;
  readonly password: string;
  readonly facilityId?: string;
  readonly keepSignedIn?: boolean;
}

/** `POST /api/auth/signin` answer (the session key travels only in the HttpOnly cookie). */
export interface SignInResponse {
  readonly user: UserDto;
}

/** One signed-in session, for "my signed-in devices". */
export interface SessionDto {
  readonly id: string;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly expiresAt: string;
  readonly userAgent: string | null;
  readonly address: string | null;
  /** True for the session making the request. */
  readonly current: boolean;
}

/** `GET /api/auth/session` answer. */
export interface CurrentSessionResponse {
  readonly user: UserDto;
  readonly session: SessionDto;
}

/** The data of the one `session-ended` event on `GET /api/session/events`. */
export interface SessionEndedEvent {
  readonly reason: SessionEndReason;
}

/** Name of the cookie holding the CSRF token, and of the header that must echo it. */
export const CSRF_COOKIE = 'outpost_csrftoken';
export const CSRF_HEADER = 'X-CSRFToken';

/** `GET /api/auth/sessions` answer: the caller's signed-in devices, most recently seen first. */
export interface SessionListResponse {
  readonly sessions: readonly SessionDto[];
}

/** `DELETE /api/auth/sessions/others` answer: how many other sessions were signed out. */
export interface SignOutOthersResponse {
  readonly signedOut: number;
}

/** The name of the one event `GET /api/session/events` sends; its data is a `SessionEndedEvent`. */
export const SESSION_ENDED_EVENT = 'session-ended';
