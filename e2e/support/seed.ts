import type { FacilityDto } from '../../core/contract/facilities.js';
import type { SetupResponse } from '../../core/contract/setup.js';
import type { UserDto, UserRole } from '../../core/contract/users.js';
import { openApiSession, type ApiSession } from './api-session.js';

/** The superuser every scenario's device is set up with. */
export const ADMIN = Object.freeze({ username: 'admin', password: 'admin-password-1', fullName: 'Grace Hopper' });

/** The password every seeded learner gets. */
export const LEARNER_PASSWORD = 'learner-pass';

/** Sets up a fresh device over the API and returns a signed-in superuser session. */
export async function provisionDevice(baseURL: string, facilityName = 'Riverside School'): Promise<{ api: ApiSession; facility: FacilityDto; admin: UserDto }> {
  const anonymous = await openApiSession(baseURL);
  const setup = await anonymous.send<SetupResponse>('POST', '/api/setup', { facilityName, superuser: ADMIN });
  await anonymous.dispose();
  const api = await openApiSession(baseURL, { username: ADMIN.username, password: ADMIN.password });
  return { api, facility: setup.facility, admin: setup.user };
}

/** Creates users in a facility, one request each. */
export async function createUsers(
  api: ApiSession,
  facilityId: string,
  users: readonly { readonly username: string; readonly fullName: string; readonly role?: UserRole }[],
): Promise<UserDto[]> {
  const created: UserDto[] = [];
  for (const user of users) {
    created.push(
      await api.send<UserDto>('POST', `/api/facilities/${facilityId}/users`, {
        username: user.username,
        fullName: user.fullName,
        password: LEARNER_PASSWORD,
        role: user.role ?? 'learner',
      }),
    );
  }
  return created;
}

/** Learners named `prefix1..n`. */
export function learners(prefix: string, count: number): { username: string; fullName: string }[] {
  return Array.from({ length: count }, (_, i) => ({ username: `${prefix}${i + 1}`, fullName: `${capitalise(prefix)} Learner ${i + 1}` }));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
