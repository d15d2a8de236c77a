/** Free-form data a session carries (a JSON object). */
export type SessionData = Readonly<Record<string, unknown>>;

/** One signed-in session as the rest of the core sees it. Times are milliseconds since the epoch. */
export interface Session {
  /** Public id (not the key): safe to show and to send to other sessions of the same user. */
  readonly id: string;
  readonly userId: string;
  readonly data: SessionData;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly userAgent: string | null;
  readonly address: string | null;
  readonly keepSignedIn: boolean;
}
