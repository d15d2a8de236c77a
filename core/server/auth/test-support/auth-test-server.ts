import type { FastifyInstance } from 'fastify';
import { createManualClock, type ManualClock } from '../../../common/clock.js';
import type { UserDto } from '../../../contract/users.js';
import { createCoreWithHttpApp, type Core } from '../../../create-core.js';
import type { SessionSettings } from '../../../sessions/session-manager.js';
import type { SessionSchema } from '../../../sessions/session-table.js';
import { createTempHome, type TempHome } from '../../../test-support/temp-home.js';
import type { SignInThrottleSettings } from '../sign-in-throttle.js';

/** Options of `startAuthTestServer`. */
export interface AuthTestServerOptions {
  readonly sessions?: Partial<SessionSettings>;
  readonly purgeIntervalMs?: number;
  readonly throttle?: Partial<SignInThrottleSettings>;
  readonly csrfExemptPrefixes?: readonly string[];
  readonly trustedProxies?: readonly string[];
  readonly allowedHosts?: readonly string[];
  /** Registers extra routes before the server listens (e.g. a stand-in sync route). */
  readonly extraRoutes?: (app: FastifyInstance) => void;
}

/** A whole core on real SQLite files, on a manual clock, listening on loopback, with one facility. */
export interface AuthTestServer {
  readonly core: Core;
  readonly baseUrl: string;
  readonly port: number;
  readonly clock: ManualClock;
  /** Creates an active learner through the facility service. */
  addUser(username: string, password: string): Promise<UserDto>;
  /** Soft-deletes a user through the facility service (which signs them out). */
  removeUser(userId: string): void;
  /** Rows in the session table. */
  sessionRows(): number;
  close(): Promise<void>;
}

/** Starts the test core (cheap scrypt) and provisions its first facility. */
export async function startAuthTestServer(options: AuthTestServerOptions = {}): Promise<AuthTestServer> {
  const home: TempHome = createTempHome('outpost-auth-');
  const clock = createManualClock(Date.now());
  const { core, app } = await createCoreWithHttpApp({
    home: home.path,
    clock,
    passwordHashCost: 4,
    sessions: { ...options.sessions, purgeIntervalMs: options.purgeIntervalMs ?? 50 },
    signInThrottle: options.throttle,
    csrfExemptPrefixes: options.csrfExemptPrefixes,
    trustedProxies: options.trustedProxies,
    allowedHosts: options.allowedHosts,
  });
  options.extraRoutes?.(app);
  const baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
  const { facility } = await core.facility.setup.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'root-password', fullName: 'Root' } });
  const sessionsDb = core.databases.get<SessionSchema>('sessions');
  return {
    core,
    baseUrl,
    port: Number(new URL(baseUrl).port),
    clock,
    addUser: (username, password) => core.facility.users.createUser(facility.id, { username, password, fullName: `Person ${username}`, role: 'learner' }),
    removeUser: (userId) => void core.facility.users.deleteUsers([userId], { permanent: false }),
    sessionRows: () => sessionsDb.first(sessionsDb.kysely.selectFrom('session').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0,
    async close() {
      await core.close();
      home.remove();
    },
  };
}
