import { randomBytes } from 'node:crypto';
import { createManualClock, type ManualClock } from '../../common/clock.js';
import { silentLogger } from '../../common/logger.js';
import { openDatabaseSet, type DatabaseSet } from '../../db/database-set.js';
import { RouterChain } from '../../db/router-chain.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { createFacilityService, type FacilityService } from '../facility-service.js';
import { facilityMigrations } from '../facility-migrations.js';
import { createScryptPasswordHasher } from '../password-hasher.js';

/** A facility service on real SQLite files in a temporary home, with a cheap scrypt cost. */
export interface FacilityFixture {
  readonly home: TempHome;
  readonly databases: DatabaseSet;
  readonly clock: ManualClock;
  readonly service: FacilityService;
  /** A second service over the same databases, hashing with another cost. */
  serviceWithCost(cost: number): FacilityService;
  close(): Promise<void>;
}

/** Opens a fresh fixture; `cost` is scrypt's log2 N (4 keeps tests fast). */
export async function openFacilityFixture(options: { readonly cost?: number } = {}): Promise<FacilityFixture> {
  const home = createTempHome('outpost-facility-');
  const databases = await openDatabaseSet({ home: home.path, routers: new RouterChain([]), migrations: facilityMigrations });
  const clock = createManualClock();
  const serviceWithCost = (cost: number) =>
    createFacilityService({
      databases,
      clock,
      randomBytes: (size) => randomBytes(size),
      passwordHasher: createScryptPasswordHasher({ randomBytes: (size) => randomBytes(size), cost }),
      logger: silentLogger,
    });
  return {
    home,
    databases,
    clock,
    service: serviceWithCost(options.cost ?? 4),
    serviceWithCost,
    async close() {
      await databases.close();
      home.remove();
    },
  };
}

/** Sets the device up with facility "Ridge School" and superuser `root` / `root-password`. */
export async function provisionFixture(service: FacilityService) {
  return service.setup.provision({ facilityName: 'Ridge School', superuser: { username: 'root', password: 'root-password', fullName: 'Rooted Admin' } });
}
