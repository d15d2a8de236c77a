import type { Clock } from '../../common/clock.js';

/** The answer to a client asking to open a sync session. */
export type AdmissionAnswer = { readonly admitted: true } | { readonly admitted: false; readonly position: number };

/**
 * How many sync sessions a server runs at once (each merges and applies records on the server's
 * one thread); the rest wait in line and ask again. So 40 tablets arriving at the start of a
 * lesson take turns instead of stalling the learners' pages.
 */
export interface SyncAdmission {
  /**
   * Admits the client's new session when a slot is free and nobody waits ahead of it; otherwise
   * queues the client (by instance id: asking again keeps its place) and answers its position (1 = next).
   */
  admit(clientInstanceId: string, sessionId: string): AdmissionAnswer;
  /** The session did something: its slot stays held. */
  touch(sessionId: string): void;
  /** The session closed: its slot is free. */
  release(sessionId: string): void;
  /** Sessions holding a slot now (for tests and status). */
  active(): number;
}

/** What admission is built from. */
export interface SyncAdmissionOptions {
  readonly clock: Clock;
  /** Sessions that may run at once. */
  readonly limit: number;
  /** A session silent this long lost its slot (its client died); a waiting client that stopped asking this long lost its place. */
  readonly idleMs: number;
}

/** Creates the admission control of one sync server. */
export function createSyncAdmission(options: SyncAdmissionOptions): SyncAdmission {
  const { clock, limit, idleMs } = options;
  const running = new Map<string, number>();
  // Insertion order is the line; the value is when the client last asked.
  const waiting = new Map<string, number>();

  const expire = (now: number) => {
    for (const [sessionId, at] of running) if (now - at > idleMs) running.delete(sessionId);
    for (const [client, at] of waiting) if (now - at > idleMs) waiting.delete(client);
  };

  return Object.freeze({
    admit(clientInstanceId: string, sessionId: string): AdmissionAnswer {
      const now = clock.now();
      expire(now);
      const free = limit - running.size;
      const ahead = [...waiting.keys()].indexOf(clientInstanceId);
      // Without a line, the first to ask gets a free slot; with one, only the first `free` in it do.
      if (free > 0 && (ahead === -1 ? waiting.size === 0 : ahead < free)) {
        waiting.delete(clientInstanceId);
        running.set(sessionId, now);
        return { admitted: true };
      }
      // A newcomer joins the end; asking again keeps one's place and renews it.
      waiting.set(clientInstanceId, now);
      return { admitted: false, position: [...waiting.keys()].indexOf(clientInstanceId) + 1 };
    },
    touch(sessionId: string) {
      if (running.has(sessionId)) running.set(sessionId, clock.now());
    },
    release(sessionId: string) {
      running.delete(sessionId);
    },
    active: () => running.size,
  });
}
