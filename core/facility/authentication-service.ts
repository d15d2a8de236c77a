import type { FacilityUserRecord } from './facility-records.js';
import { randomHex } from '../common/random-source.js';
import { LOCAL_WRITE, type FacilityInternals } from './facility-internals.js';

/** Signing in: the user directory the HTTP layer checks credentials and sessions against. */
export interface AuthenticationService {
  /** The active user with these credentials, or undefined; takes the same time whether or not the username exists. */
  authenticate(username: string, password: string, facilityId?: string): Promise<FacilityUserRecord | undefined>;
  /** The active (not deleted) user, or undefined. */
  findActiveUser(userId: string): FacilityUserRecord | undefined;
}

/** Creates the authentication service over the facility's shared parts. */
export function createAuthenticationService(internals: FacilityInternals): AuthenticationService {
  const { hasher, userQueries, facilityQueries, writePath, repositories } = internals;
  // An unknown username is checked against this hash, so it costs the same time as a known one.
  let dummyHash: Promise<string> | undefined;

  return Object.freeze({
    async authenticate(username: string, password: string, facilityId?: string) {
      const candidates = userQueries.credentials(username, facilityId);
      if (candidates.length === 0) {
        dummyHash ??= hasher.hash(randomHex(internals.randomBytes));
        await hasher.verify(password, await dummyHash);
        return undefined;
      }
      // The same username in several facilities: the device's default facility is tried first.
      const preferred = facilityQueries.defaultFacilityId();
      const ordered = [...candidates].sort((a, b) => Number(b.facilityId === preferred) - Number(a.facilityId === preferred));
      for (const candidate of ordered) {
        if (!(await hasher.verify(password, candidate.passwordHash))) continue;
        if (hasher.needsRehash(candidate.passwordHash)) {
          const upgraded = await hasher.hash(password);
          writePath.write(LOCAL_WRITE, (scope) => {
            // Only if nobody changed the password while we hashed.
            const current = scope.db.first(scope.db.kysely.selectFrom('facility_user').select('password_hash').where('id', '=', candidate.id));
            if (current?.password_hash === candidate.passwordHash) repositories.users.change(scope, [candidate.id], { passwordHash: upgraded });
          });
        }
        // Looked up again: the user may have been removed while the hash was checked.
        return userQueries.findActive(candidate.id);
      }
      return undefined;
    },

    findActiveUser: (userId: string) => userQueries.findActive(userId),
  });
}
