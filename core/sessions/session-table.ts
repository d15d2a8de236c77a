/** The `session` table as stored. Times are milliseconds since the Unix epoch. */
export interface SessionTable {
  /** SHA-256 of the session key, lowercase hex. The raw key lives only in the browser's cookie. */
  readonly key_hash: string;
  /** A random public id: names the session in the devices list and on the event channel. */
  readonly id: string;
  readonly user_id: string;
  /** JSON object. */
  readonly data: string;
  readonly created_at: number;
  readonly last_seen_at: number;
  readonly expires_at: number;
  readonly user_agent: string | null;
  readonly address: string | null;
  /** 1 when the user asked to stay signed in (longer lifetime, persistent cookie). */
  readonly keep_signed_in: number;
}

/** The kysely schema of `sessions.sqlite3`. */
export interface SessionSchema {
  session: SessionTable;
}
