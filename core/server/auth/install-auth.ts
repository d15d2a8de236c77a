import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../common/clock.js';
import { systemScheduler, type Scheduler } from '../../common/scheduler.js';
import type { Logger } from '../../common/logger.js';
import type { RandomSource } from '../../common/random-source.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import { DEFAULT_CSRF_EXEMPT_PREFIXES, installCsrfProtection } from './csrf-protection.js';
import { createCsrfTokens, type CsrfTokens } from './csrf-token.js';
import { installSessionAuth } from './session-auth.js';
import { createSessionEventChannel, type SessionEventChannel } from './session-event-channel.js';
import { createSignInThrottle, type SignInThrottle, type SignInThrottleSettings } from './sign-in-throttle.js';
import type { UserDirectory } from './user-directory.js';
import { DEFAULT_SSE_HEARTBEAT_MS } from '../sse-stream.js';

/** What cookie authentication is built from. */
export interface AuthOptions {
  readonly sessions: SessionManager;
  readonly users: UserDirectory;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** Path prefixes under /api/ without CSRF checks and without cookie sessions (default: the sync protocol's paths). */
  readonly csrfExemptPrefixes?: readonly string[];
  readonly throttle?: Partial<SignInThrottleSettings>;
  readonly sseHeartbeatMs?: number;
  /** Runs the session streams' heartbeats; default real timers. */
  readonly scheduler?: Scheduler;
}

/** What the auth routes use, built once per HTTP app. */
export interface AuthServices {
  readonly sessions: SessionManager;
  readonly users: UserDirectory;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** This core's CSRF token signer (sign-in issues a fresh token with it). */
  readonly csrf: CsrfTokens;
  readonly throttle: SignInThrottle;
  readonly channel: SessionEventChannel;
}

/**
 * Installs cookie parsing (@fastify/cookie), CSRF protection and the per-request session hook,
 * in that order, and the session event channel. Call it before registering any route.
 */
export async function installAuth(app: FastifyInstance, options: AuthOptions): Promise<AuthServices> {
  const exemptPrefixes = options.csrfExemptPrefixes ?? DEFAULT_CSRF_EXEMPT_PREFIXES;
  const csrf = createCsrfTokens(options.random);
  await app.register(fastifyCookie);
  installCsrfProtection(app, { exemptPrefixes, tokens: csrf });
  installSessionAuth(app, { sessions: options.sessions, users: options.users, clock: options.clock, exemptPrefixes });
  const channel = createSessionEventChannel({
    onDidEndSessions: (listener) => options.sessions.onDidEndSessions(listener),
    heartbeatMs: options.sseHeartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS,
    scheduler: options.scheduler ?? systemScheduler,
    logger: options.logger,
  });
  // Open event streams would keep the HTTP server from closing.
  app.addHook('preClose', (done) => {
    channel.close();
    done();
  });
  return Object.freeze({
    sessions: options.sessions,
    users: options.users,
    clock: options.clock,
    random: options.random,
    csrf,
    throttle: createSignInThrottle(options.clock, options.throttle),
    channel,
  });
}
