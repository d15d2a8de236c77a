import type { Clock } from '../common/clock.js';
import { CoreError, isCoreError } from '../common/core-error.js';
import { createEmitter, type Disposer } from '../common/events.js';
import type { RandomSource } from '../common/random-source.js';
import type { Session, SessionData } from './session.js';
import type { SessionEndReason, SessionsEnded } from './session-end-reason.js';
import { createSessionId, createSessionKey, hashSessionKey } from './session-key.js';
import type { EndedSessionRow, SessionStore } from './session-store.js';

/** Lifetimes of sessions. */
export interface SessionSettings {
  /** Idle lifetime of an ordinary session (Kolibri's default: 20 minutes). */
  readonly idleTimeoutMs: number;
  /** Lifetime of a "keep me signed in" session, also sliding. */
  readonly keepSignedInTimeoutMs: number;
  /** `last_seen_at` is written at most this often, so most requests only read. */
  readonly touchIntervalMs: number;
}

/** The defaults: 20 minutes idle, 30 days when kept signed in, activity recorded once a minute. */
export const defaultSessionSettings: SessionSettings = Object.freeze({
  idleTimeoutMs: 20 * 60_000,
  keepSignedInTimeoutMs: 30 * 24 * 60 * 60_000,
  touchIntervalMs: 60_000,
});

/** What sign-in knows about the new session. */
export interface NewSession {
  readonly userId: string;
  readonly keepSignedIn?: boolean;
  readonly userAgent?: string | null;
  readonly address?: string | null;
  readonly data?: SessionData;
}

/** A session just created, with the raw key that goes into the cookie and nowhere else. */
export interface CreatedSession {
  readonly key: string;
  readonly session: Session;
}

/** The answer of a successful `validate`. */
export interface ValidSession {
  readonly session: Session;
  /** True when this validation slid the expiry forward (a persistent cookie should be re-sent). */
  readonly extended: boolean;
}

/** Options of `createSessionManager`. */
export interface SessionManagerOptions {
  readonly store: SessionStore;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly settings?: Partial<SessionSettings>;
  /** Receives what an `onDidEndSessions` listener threw. */
  readonly onListenerError?: (error: unknown) => void;
}

/** Sessions: create at sign-in, validate per request, end for a reason, and tell who listens. */
export interface SessionManager {
  readonly settings: SessionSettings;
  /** Creates a session with a fresh random key (a new key at every sign-in: no fixation). */
  create(input: NewSession): CreatedSession;
  /**
   * The live session for `key`, or undefined for an unknown, malformed or expired key (never
   * throws for those). Slides the expiry once the session is past half its lifetime. An expired
   * session found here is deleted and reported with reason `expired`.
   */
  validate(key: string): ValidSession | undefined;
  /** Whether `key` names a live session; reads only (no sliding, no clean-up). */
  isLive(key: string): boolean;
  /** Stores new data for an existing session. False, and nothing written, when the session is gone. */
  save(key: string, data: SessionData): boolean;
  /** Ends the session of `key`. False when there was none. */
  destroy(key: string, reason: SessionEndReason): boolean;
  /** Ends every session of `userId` except `keepSessionId` (sign out everywhere else); answers how many. */
  destroyOthers(userId: string, keepSessionId: string, reason: SessionEndReason): number;
  /** Ends every session of these users, on every device, in one statement; answers how many. */
  invalidateUsers(userIds: readonly string[], reason: SessionEndReason): number;
  /** Deletes up to `limit` expired sessions (reason `expired`); answers how many. */
  purgeExpired(limit?: number): number;
  /** The live sessions of a user, most recently seen first. */
  listForUser(userId: string): Session[];
  /** Fires after sessions ended (the delete has been made), once per operation. */
  onDidEndSessions(listener: (event: SessionsEnded) => void): Disposer;
}

/** How many expired rows one purge statement deletes. */
export const PURGE_BATCH = 1_000;

// A session key is 43 base64url characters; anything else cannot be one, so it is not even hashed.
const KEY_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function validatedSettings(input: Partial<SessionSettings> | undefined): SessionSettings {
  const settings = Object.freeze({ ...defaultSessionSettings, ...input });
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value <= 0) throw new CoreError('CONFIG_INVALID', `Session setting ${name} must be a positive number of milliseconds (got ${value}).`);
  }
  return settings;
}

/** Creates the session manager over a store. */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, clock, random } = options;
  const settings = validatedSettings(options.settings);
  const ended = createEmitter<SessionsEnded>(options.onListenerError);

  const lifetime = (keepSignedIn: boolean) => (keepSignedIn ? settings.keepSignedInTimeoutMs : settings.idleTimeoutMs);

  const report = (rows: readonly EndedSessionRow[], reason: SessionEndReason): number => {
    if (rows.length > 0) {
      ended.fire({ sessionIds: rows.map((row) => row.id), userIds: [...new Set(rows.map((row) => row.userId))], reason });
    }
    return rows.length;
  };

  const hashOf = (key: string): string | undefined => (typeof key === 'string' && KEY_SHAPE.test(key) ? hashSessionKey(key) : undefined);

  return Object.freeze({
    settings,
    create(input: NewSession): CreatedSession {
      const now = clock.now();
      const keepSignedIn = input.keepSignedIn ?? false;
      const key = createSessionKey(random);
      const session: Session = Object.freeze({
        id: createSessionId(random),
        userId: input.userId,
        data: Object.freeze({ ...input.data }),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + lifetime(keepSignedIn),
        userAgent: input.userAgent ?? null,
        address: input.address ?? null,
        keepSignedIn,
      });
      store.insert(hashSessionKey(key), session);
      return { key, session };
    },

    validate(key: string): ValidSession | undefined {
      const keyHash = hashOf(key);
      if (keyHash === undefined) return undefined;
      const session = store.find(keyHash);
      if (!session) return undefined;
      const now = clock.now();
      if (session.expiresAt <= now) {
        const gone = store.deleteIfExpired(keyHash, now);
        if (gone) report([gone], 'expired');
        return undefined;
      }
      const ttl = lifetime(session.keepSignedIn);
      const extend = session.expiresAt - now < ttl / 2;
      if (!extend && now - session.lastSeenAt < settings.touchIntervalMs) return { session, extended: false };
      const expiresAt = extend ? now + ttl : session.expiresAt;
      // UPDATE only: if the row was deleted meanwhile, the session stays gone.
      let touched: boolean;
      try {
        touched = store.touch(keyHash, now, expiresAt);
      } catch (error) {
        // A full disk or read-only home must not sign anyone out: the session stays as it was.
        if (isCoreError(error, 'STORAGE_FULL') || isCoreError(error, 'STORAGE_READ_ONLY')) return { session, extended: false };
        throw error;
      }
      if (!touched) return undefined;
      return { session: { ...session, lastSeenAt: now, expiresAt }, extended: extend };
    },

    isLive(key: string): boolean {
      const keyHash = hashOf(key);
      return keyHash !== undefined && store.isLive(keyHash, clock.now());
    },

    save(key: string, data: SessionData): boolean {
      const keyHash = hashOf(key);
      return keyHash !== undefined && store.saveData(keyHash, data, clock.now());
    },

    destroy(key: string, reason: SessionEndReason): boolean {
      const keyHash = hashOf(key);
      if (keyHash === undefined) return false;
      const gone = store.deleteByKeyHash(keyHash);
      return report(gone ? [gone] : [], reason) > 0;
    },

    destroyOthers(userId: string, keepSessionId: string, reason: SessionEndReason): number {
      return report(store.deleteOthersOfUser(userId, keepSessionId), reason);
    },

    invalidateUsers(userIds: readonly string[], reason: SessionEndReason): number {
      return report(store.deleteByUserIds(userIds), reason);
    },

    purgeExpired(limit = PURGE_BATCH): number {
      return report(store.deleteExpired(clock.now(), limit), 'expired');
    },

    listForUser(userId: string): Session[] {
      return store.listByUser(userId, clock.now());
    },

    onDidEndSessions(listener: (event: SessionsEnded) => void): Disposer {
      return ended.on(listener);
    },
  });
}
