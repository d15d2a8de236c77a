import { createManualClock, type ManualClock } from '../../common/clock.js';
import { createCore, type Core } from '../../create-core.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import type { ScopeDefinitionId } from '../certificates/scope-definitions.js';
import { canonicalJson } from '../model/canonical-json.js';
import { facilityPartitions } from '../model/facility-partitions.js';
import type { JsonObject } from '../model/json-value.js';
import { recordId } from '../model/record-id.js';
import { FACILITY_DATA_PROFILE } from '../model/sync-profile.js';
import { randomHex } from '../random-source.js';
import { createSyncStore } from '../store/sync-store.js';
import { createInProcessTransport } from '../transport/in-process-transport.js';
import { seededRandom } from './seeded-random.js';

/** A whole Outpost core on its own home folder, as one device. */
export interface CoreDevice {
  readonly name: string;
  readonly core: Core;
  readonly clock: ManualClock;
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
  /** `client` connects to `server`, pushes, pulls and closes. */
  syncPair(client: CoreDevice, server: CoreDevice): Promise<{ pushed: number; pulled: number }>;
  dispose(): Promise<void>;
}

/** Creates a core harness. Cores get seeded randomness, manual clocks and a cheap password hash. */
export function createCoreHarness(): CoreHarness {
  const homes: TempHome[] = [];
  const cores: Core[] = [];
  const harness: CoreHarness = {
    async device(name: string) {
      const home = createTempHome(`outpost-core-${name}-`);
      homes.push(home);
      const clock = createManualClock(Date.UTC(2026, 0, 1));
      const core = await createCore({ home: home.path, clock, random: seededRandom(name), passwordHashCost: 4, sessions: { purgeIntervalMs: 60_000 } });
      cores.push(core);
      const device: CoreDevice = {
        name,
        core,
        clock,
        certificateId: '',
        baseUrl: '',
        async listen() {
          device.baseUrl = await core.listen({ host: '127.0.0.1', port: 0 });
          return device.baseUrl;
        },
      };
      return device;
    },
    createFacility(device: CoreDevice, name: string) {
      const root = device.core.sync.certificates.createRoot();
      device.certificateId = root.id;
      const datasetId = root.id;
      const facilityId = randomHex(seededRandom(`${device.name}/facility/${name}`));
      const created = new Date(device.clock.now()).toISOString();
      // The facility service mints its own dataset ids; until it takes one from the sync engine, a
      // test places the dataset and facility rows in the store as this device's own saves and lets
      // the deserializer apply them through the repositories (exactly how an imported facility arrives).
      const rows: [string, string, JsonObject][] = [
        ['facilitydataset', datasetId, { id: datasetId, description: '', date_created: created }],
        ['facility', facilityId, { id: facilityId, dataset_id: datasetId, name, date_created: created }],
      ];
      const db = device.core.databases.get<any>('default');
      const store = createSyncStore(db, device.core.sync.instanceId);
      db.writeTransaction(() => {
        const counter = store.allocateCounter();
        const instance = store.instanceId;
        for (const [modelName, sourceId, data] of rows) {
          const partition = facilityPartitions.allUsersReadOnly(datasetId);
          store.put(
            {
              id: recordId(partition, sourceId, modelName),
              profile: FACILITY_DATA_PROFILE,
              modelName,
              sourceId,
              partition,
              serialized: canonicalJson(data),
              deleted: false,
              hardDeleted: false,
              lastSavedInstance: instance,
              lastSavedCounter: counter,
              valueStamp: { at: device.clock.now(), instance, counter },
              versions: { [instance]: counter },
              conflicting: [],
            },
            true,
          );
        }
      });
      const { failed } = device.core.sync.deserialize();
      if (failed > 0) throw new Error(`The facility rows of ${device.name} could not be applied.`);
      return { facilityId, datasetId };
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
    async syncPair(client: CoreDevice, server: CoreDevice) {
      const connection = await client.core.sync.connect(createInProcessTransport(server.core.sync.server), { certificateId: client.certificateId });
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
