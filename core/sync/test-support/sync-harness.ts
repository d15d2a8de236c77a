import { createManualClock, type ManualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/logger.js';
import type { DatabaseSet } from '../../db/database-set.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import type { ScopeDefinitionId } from '../certificates/scope-definitions.js';
import { createModelRegistry } from '../model/model-registry.js';
import type { TransferPlan } from '../controller/transfer-plan.js';
import { createSyncService, type SyncService } from '../sync-service.js';
import { createInProcessTransport, type InProcessTransportOptions } from '../transport/in-process-transport.js';
import type { SyncTransport } from '../protocol/sync-transport.js';
import { seededRandom } from './seeded-random.js';
import { openTestDatabases } from './test-database.js';
import { createTestNotes, registerTestModels, type TestModelOptions, type TestNotes } from './test-models.js';

/** One simulated device: its own home folder, databases, sync service and notes. */
export interface TestDevice {
  readonly name: string;
  readonly home: string;
  readonly clock: ManualClock;
  readonly databases: DatabaseSet;
  readonly sync: SyncService;
  readonly notes: TestNotes;
  /** The certificate this device syncs with (set by `createRoot` or `issue`). */
  certificateId: string;
  /** Changes the transfer plan from the next (re)start on (the hook that crashes or stalls a stage). */
  plan: ((defaults: TransferPlan) => TransferPlan) | undefined;
  /** Closes the databases and opens them again, as after the process was killed and started. */
  restart(): Promise<void>;
}

/** Options of a test device. */
export interface TestDeviceOptions extends TestModelOptions {
  readonly plan?: (defaults: TransferPlan) => TransferPlan;
  /** Records per page and per chunk (small, so tests cross page boundaries). */
  readonly pageSize?: number;
  /** Chunks in flight at once (default 1). */
  readonly concurrency?: number;
}

/** Several engines in one process, each over its own SQLite files, synced through in-process transports. */
export interface SyncHarness {
  device(name: string, options?: TestDeviceOptions): Promise<TestDevice>;
  /** Makes `device` the holder of a new dataset's root certificate; answers the dataset id. */
  createRoot(device: TestDevice): string;
  /** Issues `device` a certificate below `issuer`'s, and makes the device trust the dataset. */
  issue(issuer: TestDevice, device: TestDevice, scope: ScopeDefinitionId, userId?: string): void;
  /** A transport from anyone to `device`'s sync server (the live one, across restarts). */
  transport(device: TestDevice, options?: InProcessTransportOptions): SyncTransport;
  /** `client` connects to `server`, pushes, pulls and closes; answers the record counts. */
  syncPair(client: TestDevice, server: TestDevice): Promise<{ pushed: number; pulled: number }>;
  /** Closes every device and removes their folders. */
  dispose(): Promise<void>;
}

/** Creates a harness. Devices get deterministic randomness (seeded by name) and manual clocks. */
export function createSyncHarness(): SyncHarness {
  const homes: TempHome[] = [];
  const devices: TestDevice[] = [];

  const open = async (name: string, home: string, clock: ManualClock, options: TestDeviceOptions, plan: TestDevice['plan'], generation: number) => {
    const databases = await openTestDatabases(home);
    const db = databases.get<any>('default');
    const registry = createModelRegistry();
    registerTestModels(registry, db, options);
    const sync = createSyncService({
      db,
      registry,
      clock,
      random: seededRandom(`${name}/${generation}`),
      logger: silentLogger,
      version: 'test',
      device: name,
      pageSize: options.pageSize ?? 7,
      applyPageSize: options.pageSize ?? 7,
      chunkSize: options.pageSize ?? 7,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(plan ? { plan } : {}),
      wait: () => new Promise((resolve) => setImmediate(resolve)),
    });
    return { databases, sync, notes: createTestNotes(db) };
  };

  const harness: SyncHarness = {
    async device(name: string, options: TestDeviceOptions = {}) {
      const home = createTempHome(`outpost-sync-${name}-`);
      homes.push(home);
      const clock = createManualClock();
      let generation = 0;
      let parts = await open(name, home.path, clock, options, options.plan, generation);
      const device: TestDevice = {
        name,
        home: home.path,
        clock,
        get databases() {
          return parts.databases;
        },
        get sync() {
          return parts.sync;
        },
        get notes() {
          return parts.notes;
        },
        certificateId: '',
        plan: options.plan,
        async restart() {
          await parts.databases.close();
          parts = await open(name, home.path, clock, options, device.plan, ++generation);
        },
      };
      devices.push(device);
      return device;
    },
    createRoot(device: TestDevice) {
      const root = device.sync.certificates.createRoot();
      device.certificateId = root.id;
      return root.id;
    },
    issue(issuer: TestDevice, device: TestDevice, scope: ScopeDefinitionId, userId?: string) {
      const issuerChain = issuer.sync.certificates.chainOf(issuer.certificateId);
      const datasetId = issuerChain[0]!.id;
      const child = issuer.sync.certificates.issueChild({
        parentId: issuer.certificateId,
        scopeDefinition: scope,
        scopeParams: scope === 'single-user' ? { dataset_id: datasetId, user_id: userId! } : { dataset_id: datasetId },
        publicKey: device.sync.certificates.createKeyRequest(),
      });
      device.sync.certificates.saveChain([...issuerChain, child], { trustRoot: true });
      device.certificateId = child.id;
    },
    transport(device: TestDevice, options: InProcessTransportOptions = {}) {
      return createInProcessTransport(() => device.sync.server, options);
    },
    async syncPair(client: TestDevice, server: TestDevice) {
      const connection = await client.sync.connect(harness.transport(server), { certificateId: client.certificateId });
      try {
        return await connection.sync();
      } finally {
        await connection.close();
      }
    },
    async dispose() {
      for (const device of devices.splice(0)) await device.databases.close();
      for (const home of homes.splice(0)) home.remove();
    },
  };
  return harness;
}
