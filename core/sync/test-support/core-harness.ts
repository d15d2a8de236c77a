import { createManualClock, type ManualClock } from '../../common/clock.js';
import { createManualScheduler, type ManualScheduler } from '../../common/scheduler.js';
import { createCore, type Core } from '../../create-core.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import type { SyncSettings } from '../sync-settings.js';
import type { ScopeDefinitionId } from '../certificates/scope-definitions.js';
import { createHttpTransport } from '../transport/http-transport.js';
import { createInProcessTransport } from '../transport/in-process-transport.js';
import type { SyncTransport } from '../protocol/sync-transport.js';
import { seededRandom } from './seeded-random.js';
import { testPeerPolicy } from './test-peer-policy.js';

/** A whole Outpost core on its own home folder, as one device. */
export interface CoreDevice {
  readonly name: string;
  /** The running core; `restart` replaces it with a new one on the same home folder. */
  core: Core;
  readonly clock: ManualClock;
  /** Its timers (automatic syncs, waiting in a peer's line): nothing runs until a test advances it (unless `realTimers`). */
  readonly scheduler: ManualScheduler;
  /** The certificate this device syncs with. */
  certificateId: string;
  /** Where its HTTP server listens, once `listen` was called. */
  baseUrl: string;
  listen(): Promise<string>;
}

/** Two or three cores in one process, synced through in-process transports. */
export interface CoreHarness {
  device(name: string): Promise<CoreDevice>;
  /**
   * Gives `device` a facility whose dataset is a new root certificate's id (what certificates
   * require), as a device provisioned from a peer would hold it. Answers the facility id.
   */
  createFacility(device: CoreDevice, name: string): { readonly facilityId: string; readonly datasetId: string };
  /** Issues `device` a certificate below `issuer`'s, and makes it trust the dataset. */
  issue(issuer: CoreDevice, device: CoreDevice, scope: ScopeDefinitionId, userId?: string): void;
  /** A transport to `server`: in-process, or HTTP to its listening core when the harness is `http`. */
  transportTo(server: CoreDevice): Promise<SyncTransport>;
  /** `client` connects to `server`, pushes, pulls and closes. */
  syncPair(client: CoreDevice, server: CoreDevice): Promise<{ pushed: number; pulled: number }>;
  /**
   * Stops `device` (its core closes, as when a server is switched off), runs `whileStopped`, then
   * starts a new core on the same home folder, listening on the same address if it listened.
   */
  restart(device: CoreDevice, whileStopped?: () => Promise<void>): Promise<void>;
  dispose(): Promise<void>;
}

/** How the harness's devices reach each other. */
export type HarnessTransport = 'in-process' | 'http';

/**
 * Creates a core harness. Cores get seeded randomness, manual clocks, a cheap password hash, and may
 * reach loopback peers (`allowLoopbackPeers`); `sync` overrides their sync settings.
 * With `http`, every sync goes over real HTTP on loopback to the server core's `/api/sync/*`.
 */
export function createCoreHarness(options: { readonly transport?: HarnessTransport; readonly sync?: Partial<SyncSettings>; readonly realTimers?: boolean } = {}): CoreHarness {
  const homes: TempHome[] = [];
  const cores: Core[] = [];
  const homeOf = new Map<CoreDevice, string>();
  const starts = new Map<string, number>();
  const open = async (name: string, home: string, clock: ManualClock, scheduler: ManualScheduler) => {
    // A fresh random sequence per start: a restarted core must not mint the ids it minted before.
    const start = (starts.get(name) ?? 0) + 1;
    starts.set(name, start);
    const core = await createCore({
      home,
      clock,
      // Real timers only for tests of waiting in line, which retry after a few milliseconds.
      scheduler: options.realTimers ? undefined : scheduler,
      random: seededRandom(start === 1 ? name : `${name}#${start}`),
      passwordHashCost: 4,
      sessions: { purgeIntervalMs: 60_000 },
      sync: { retries: 2, backoffMs: 10, allowLoopbackPeers: true, ...options.sync },
    });
    cores.push(core);
    return core;
  };
  const harness: CoreHarness = {
    async device(name: string) {
      const home = createTempHome(`outpost-core-${name}-`);
      homes.push(home);
      const clock = createManualClock(Date.UTC(2026, 0, 1));
      const scheduler = createManualScheduler(clock);
      const core = await open(name, home.path, clock, scheduler);
      const device: CoreDevice = {
        name,
        core,
        clock,
        scheduler,
        certificateId: '',
        baseUrl: '',
        async listen() {
          device.baseUrl = await device.core.listen({ host: '127.0.0.1', port: 0 });
          return device.baseUrl;
        },
      };
      homeOf.set(device, home.path);
      return device;
    },
    async restart(device: CoreDevice, whileStopped?: () => Promise<void>) {
      const home = homeOf.get(device);
      if (!home) throw new Error(`${device.name} is not a device of this harness.`);
      await device.core.close();
      cores.splice(cores.indexOf(device.core), 1);
      await whileStopped?.();
      device.core = await open(device.name, home, device.clock, device.scheduler);
      if (device.baseUrl !== '') await device.core.listen({ host: '127.0.0.1', port: Number(new URL(device.baseUrl).port) });
    },
    createFacility(device: CoreDevice, name: string) {
      // Through the facility service, as the app does: its dataset id is a new root certificate's.
      const facility = device.core.facility.facilities.createFacility({ name });
      const root = device.core.sync.certificates.get(facility.datasetId);
      if (!root || root.parentId !== null) throw new Error(`Facility ${name} has no root certificate of its dataset.`);
      device.certificateId = root.id;
      return { facilityId: facility.id, datasetId: facility.datasetId };
    },
    issue(issuer: CoreDevice, device: CoreDevice, scope: ScopeDefinitionId, userId?: string) {
      const issuerChain = issuer.core.sync.certificates.chainOf(issuer.certificateId);
      const datasetId = issuerChain[0]!.id;
      const child = issuer.core.sync.certificates.issueChild({
        parentId: issuer.certificateId,
        scopeDefinition: scope,
        scopeParams: scope === 'single-user' ? { dataset_id: datasetId, user_id: userId! } : { dataset_id: datasetId },
        publicKey: device.core.sync.certificates.createKeyRequest(),
      });
      device.core.sync.certificates.saveChain([...issuerChain, child], { trustRoot: true });
      device.certificateId = child.id;
    },
    async transportTo(server: CoreDevice) {
      if (options.transport !== 'http') return createInProcessTransport(server.core.sync.server);
      if (server.baseUrl === '') await server.listen();
      return createHttpTransport({ baseUrl: server.baseUrl, retries: 0, policy: testPeerPolicy });
    },
    async syncPair(client: CoreDevice, server: CoreDevice) {
      const connection = await client.core.sync.connect(await harness.transportTo(server), { certificateId: client.certificateId });
      try {
        return await connection.sync();
      } finally {
        await connection.close();
      }
    },
    async dispose() {
      for (const core of cores.splice(0)) await core.close();
      for (const home of homes.splice(0)) home.remove();
    },
  };
  return harness;
}
