import Fastify, { type FastifyInstance } from 'fastify';
import type { BackupService } from '../backup/backup-service.js';
import type { Logger } from '../common/logger.js';
import type { Scheduler } from '../common/scheduler.js';
import type { FacilityService } from '../facility/index.js';
import type { QuizService } from '../learning/index.js';
import type { UserImportJobs } from '../jobs/user-import-jobs.js';
import type { CertificateIssuer, PeerAutoSync, PeerService, SyncClientStore, SyncConflicts, SyncServer } from '../sync/index.js';
import type { ConnectAddressesResponse } from '../contract/sync.js';
import type { NearbyDevices } from './routes/device-status-routes.js';
import { installAuth, type AuthOptions } from './auth/install-auth.js';
import { answerFrameworkError, installErrorHandler } from './error-handler.js';
import { createHostAllowList, installHostAllowList } from './host-allow-list.js';
import { installRequestTargetGuard } from './request-target.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerBackupRoutes } from './routes/backup-routes.js';
import { registerDeviceStatusRoutes } from './routes/device-status-routes.js';
import { registerFacilityApi } from './routes/facility-api.js';
import { registerHealthRoutes, type HealthSource } from './routes/health-routes.js';
import { registerImportJobRoutes } from './routes/import-job-routes.js';
import { registerSessionEventRoutes } from './routes/session-events-routes.js';
import { registerPeerRoutes } from './routes/peer-routes.js';
import { registerQuizRoutes } from './routes/quiz-routes.js';
import { registerSyncConflictRoutes } from './routes/sync-conflict-routes.js';
import { registerSyncRoutes } from './routes/sync-routes.js';
import { applySecurityHeaders, installSecurityHeaders } from './security-headers.js';
import { registerRenderer } from './static-renderer.js';
import { createPermissions } from './permissions.js';
import { trustProxySetting } from './trusted-proxies.js';

/** The largest JSON body any route accepts; bigger routes (CSV import) set their own limit. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** What the HTTP app is built from. */
export interface HttpAppOptions {
  readonly logger: Logger;
  readonly rendererDir: string | undefined;
  readonly health: HealthSource;
  /** Sessions, users and CSRF settings for cookie authentication. */
  readonly auth: Omit<AuthOptions, 'logger' | 'scheduler'>;
  /** Facilities, users and classes; without it those routes are absent (auth-only test servers). */
  readonly facility?: FacilityService;
  /** Quizzes over learner state; without it (or `facility`) the quiz routes are absent. */
  readonly quizzes?: QuizService;
  /** The peer-facing sync server and certificate issuer; without them `/api/sync/*` is absent. */
  readonly sync?: {
    readonly server: SyncServer;
    readonly issuer: CertificateIssuer;
    readonly peers: PeerService;
    readonly conflicts: SyncConflicts;
    readonly instanceId: string;
    /** Issue 16: who synced with this device, automatic syncs, and the device's name. */
    readonly clients?: SyncClientStore;
    readonly autoSync?: PeerAutoSync;
    readonly deviceName?: () => string;
    readonly hostName?: () => string;
    /** Devices found on the LAN, and whether discovery runs. */
    readonly nearby?: () => NearbyDevices;
    readonly connectAddresses?: () => ConnectAddressesResponse;
  };
  /**
   * Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For / -Host / -Proto are believed;
   * from anyone else those headers are ignored. Default: none.
   */
  readonly trustedProxies?: readonly string[];
  /** Host names (or addresses) beyond this machine's own that requests may name in `Host`. */
  readonly allowedHosts?: readonly string[];
  /** Backups to download and restore; without it (or `facility`) those routes are absent. */
  readonly backup?: BackupService;
  /** Users CSV imports as background jobs; without it (or `facility`) those routes are absent. */
  readonly importJobs?: UserImportJobs;
  /** Runs the event streams' heartbeats; default real timers. */
  readonly scheduler?: Scheduler;
}

/** Builds the Fastify app with every route. It does not listen; `Core.listen` does. */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const trustProxy = trustProxySetting(options.trustedProxies);
  const hosts = createHostAllowList({ allowedHosts: options.allowedHosts, clock: options.auth.clock });
  const app = Fastify({
    logger: false,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy,
    // Answered before any hook runs, so the security headers are added here too.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(request, reply);
      answerFrameworkError(error, request, reply);
    },
  });
  installErrorHandler(app, options.logger);
  installSecurityHeaders(app);
  // First of all hooks: a request for another host (DNS rebinding) or with a non-canonical target
  // never reaches the cookie, CSRF and session checks, let alone a route.
  installHostAllowList(app, hosts);
  installRequestTargetGuard(app);
  // Before any route: the cookie, CSRF and session hooks must run for every request.
  const auth = await installAuth(app, { ...options.auth, logger: options.logger, scheduler: options.scheduler });
  registerHealthRoutes(app, options.health);
  registerAuthRoutes(app, auth);
  registerSessionEventRoutes(app, auth);
  if (options.facility) await registerFacilityApi(app, options.facility, auth);
  if (options.facility && options.quizzes) registerQuizRoutes(app, { facility: options.facility, quizzes: options.quizzes });
  if (options.sync) await registerSyncRoutes(app, { server: options.sync.server, issuer: options.sync.issuer, throttle: auth.throttle });
  if (options.sync && options.facility) registerPeerRoutes(app, { setup: options.facility.setup, permissions: createPermissions(options.facility.classes), peers: options.sync.peers, autoSync: options.sync.autoSync, scheduler: options.scheduler });
  if (options.sync && options.facility) {
    const { conflicts, peers, instanceId, clients } = options.sync;
    registerSyncConflictRoutes(app, { facility: options.facility, conflicts, peers, instanceId, clients });
  }
  if (options.sync?.clients && options.sync.autoSync && options.sync.deviceName && options.sync.hostName && options.facility) {
    const { peers, clients, autoSync, deviceName, hostName, nearby, connectAddresses } = options.sync;
    registerDeviceStatusRoutes(app, { facility: options.facility, peers, clients, autoSync, deviceName, hostName, nearby, connectAddresses });
  }
  if (options.backup && options.facility) await registerBackupRoutes(app, { backup: options.backup, facility: options.facility, clock: options.auth.clock });
  if (options.importJobs && options.facility) await registerImportJobRoutes(app, { facility: options.facility, jobs: options.importJobs });
  await registerRenderer(app, options.rendererDir);
  return app;
}
